import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DatabricksAuth } from '../src';

test('a service principal authenticates with OAuth client credentials against the workspace token endpoint', () => {
  const stack = new Stack(new App(), 'Auth');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'ClientSecret', 'databricks/sp');
  const auth = DatabricksAuth.servicePrincipal('https://dbc-1234.cloud.databricks.com/', 'app-id-1', secret);
  const first = auth._bind(stack, 'Connection');
  // One connection per auth object, however many stages bind it.
  expect(auth._bind(stack, 'Connection')).toBe(first);
  const connection = Object.values(Template.fromStack(stack).findResources('AWS::Events::Connection'))[0] as any;
  expect(connection.Properties.AuthorizationType).toBe('OAUTH_CLIENT_CREDENTIALS');
  const oauth = connection.Properties.AuthParameters.OAuthParameters;
  expect(oauth.AuthorizationEndpoint).toBe('https://dbc-1234.cloud.databricks.com/oidc/v1/token');
  expect(oauth.HttpMethod).toBe('POST');
  expect(oauth.ClientParameters.ClientID).toBe('app-id-1');
  expect(oauth.OAuthHttpParameters.BodyParameters).toEqual([
    { Key: 'grant_type', Value: 'client_credentials', IsValueSecret: false },
    { Key: 'scope', Value: 'all-apis', IsValueSecret: false },
  ]);
});

test('an existing connection is used as is', () => {
  const stack = new Stack(new App(), 'Existing');
  const connection = events.Connection.fromEventBusArn(stack, 'C', 'arn:aws:events:us-east-1:111111111111:connection/databricks/abc', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:events!connection/databricks/abc');
  expect(DatabricksAuth.fromConnection(connection)._bind(stack, 'Ignored')).toBe(connection);
  Template.fromStack(stack).resourceCountIs('AWS::Events::Connection', 0);
});

test('two auth objects (stages in two workspaces) bound under one scope get a connection each; the first keeps its id', () => {
  const stack = new Stack(new App(), 'TwoWorkspaces');
  const token = secretsmanager.Secret.fromSecretNameV2(stack, 'Token', 'databricks/token');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'ClientSecret', 'databricks/sp');
  const first = DatabricksAuth.personalAccessToken(token)._bind(stack, 'DatabricksConnection');
  const second = DatabricksAuth.servicePrincipal('https://dbc-5678.cloud.databricks.com', 'app-id-2', secret)._bind(stack, 'DatabricksConnection');
  expect(second).not.toBe(first);
  expect([first.node.id, second.node.id]).toEqual(['DatabricksConnection', 'DatabricksConnection2']);
  Template.fromStack(stack).resourceCountIs('AWS::Events::Connection', 2);
});
