// The finding-id text cdk-nag 3 matches acknowledgements against; not part of the public API.

/** How cdk-nag writes an intrinsic in a finding id: `<Logical.Arn>`, `<AWS::Partition>`, joins flattened. */
export function nagFindingText(value: any): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value['Fn::Join']) {
    const [delimiter, parts] = value['Fn::Join'];
    return (parts as any[]).map(nagFindingText).join(delimiter);
  }
  if (value['Fn::Sub']) return nagFindingText(value['Fn::Sub']);
  if (value['Fn::GetAtt']) return `<${(value['Fn::GetAtt'] as any[]).map(nagFindingText).join('.')}>`;
  if (value['Fn::ImportValue']) return nagFindingText(value['Fn::ImportValue']);
  if (value.Ref) return `<${nagFindingText(value.Ref)}>`;
  return JSON.stringify(value);
}
