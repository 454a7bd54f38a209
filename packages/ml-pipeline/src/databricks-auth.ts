import { SecretValue } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * How the HTTP Task authenticates to a Databricks workspace: through an EventBridge connection, which keeps the
 * credential in Secrets Manager and out of the state machine definition and its execution history.
 */
export abstract class DatabricksAuth {
  /**
   * A personal access token (or any bearer token) kept in Secrets Manager. The secret's value (or its `jsonField`)
   * must be the whole `Authorization` header value: `Bearer dapi...`.
   *
   * @param secret the secret holding `Bearer <token>`
   * @param jsonField the JSON key holding the header value, when the secret is a JSON object. @default - the whole secret string
   */
  public static personalAccessToken(secret: secretsmanager.ISecret, jsonField?: string): DatabricksAuth {
    return new ConnectionFactory((scope, id) => new events.Connection(scope, id, {
      description: 'Databricks workspace (personal access token) for Statecraft ML pipelines',
      authorization: events.Authorization.apiKey('Authorization', SecretValue.secretsManager(secret.secretArn, { jsonField })),
    }));
  }

  /**
   * A Databricks service principal with OAuth machine-to-machine credentials (client id and secret): the connection
   * fetches short-lived tokens from the workspace's `/oidc/v1/token` endpoint.
   *
   * @param workspaceUrl the workspace URL, for example `https://dbc-1234.cloud.databricks.com`
   * @param clientId the service principal's application (client) id
   * @param clientSecret the secret holding the OAuth client secret
   */
  public static servicePrincipal(workspaceUrl: string, clientId: string, clientSecret: secretsmanager.ISecret): DatabricksAuth {
    return new ConnectionFactory((scope, id) => new events.Connection(scope, id, {
      description: 'Databricks workspace (service principal, OAuth M2M) for Statecraft ML pipelines',
      authorization: events.Authorization.oauth({
        authorizationEndpoint: `${workspaceUrl.replace(/\/+$/, '')}/oidc/v1/token`,
        httpMethod: events.HttpMethod.POST,
        clientId,
        clientSecret: SecretValue.secretsManager(clientSecret.secretArn),
        bodyParameters: {
          grant_type: events.HttpParameter.fromString('client_credentials'),
          scope: events.HttpParameter.fromString('all-apis'),
        },
      }),
    }));
  }

  /** An EventBridge connection you already have (its authorization must be accepted by the workspace). */
  public static fromConnection(connection: events.IConnection): DatabricksAuth {
    return new ConnectionFactory(() => connection);
  }

  /**
   * The connection to use, created under `scope` when this auth creates one.
   * @internal
   */
  public abstract _bind(scope: Construct, id: string): events.IConnection;
}

class ConnectionFactory extends DatabricksAuth {
  private connection?: events.IConnection;

  constructor(private readonly create: (scope: Construct, id: string) => events.IConnection) {
    super();
  }

  /** @internal */
  public _bind(scope: Construct, id: string): events.IConnection {
    // One connection per auth object, however many stages use it. Another auth object's connection may hold `id`
    // already (stages in two workspaces): the second one takes `<id>2`, and so on; the first keeps its logical id.
    if (!this.connection) {
      let free = id;
      for (let n = 2; scope.node.tryFindChild(free); n++) {
        free = `${id}${n}`;
      }
      this.connection = this.create(scope, free);
    }
    return this.connection;
  }
}
