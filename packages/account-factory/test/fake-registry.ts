import { TaskFailure } from '@statecraft/testing';

type AttributeValue = { [type: string]: any };
type Item = { [attribute: string]: AttributeValue };

/**
 * An in-memory DynamoDB table for the tenant registry, answering the workflows' GetItem and UpdateItem
 * calls (SET, REMOVE, ADD and DELETE on string sets, and the condition expressions they use) as DynamoDB
 * would, so simulations see the registry change between states and between runs.
 */
export class FakeRegistry {
  public readonly items = new Map<string, Item>();
  /** Every write, in order: `{ state, key, item }` after the write. */
  public readonly writes: Array<{ state: string; key: string; item: Item }> = [];

  public constructor(private readonly initial: Item[] = []) {
    this.reset();
  }

  /** Back to the initial items. */
  public reset(): void {
    this.items.clear();
    this.writes.length = 0;
    for (const item of this.initial) this.items.set(item.tenantId.S, structuredClone(item));
  }

  public item(tenantId: string): Item | undefined {
    return this.items.get(tenantId);
  }

  /** Plain values of a tenant's item (`{ stage: 'READY', ... }`). */
  public record(tenantId: string): Record<string, any> | undefined {
    const item = this.items.get(tenantId);
    if (!item) return undefined;
    return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value.S ?? value.N ?? value.SS]));
  }

  public getItem(input: any): unknown {
    const item = this.items.get(input.Key.tenantId.S);
    return item ? { Item: structuredClone(item) } : {};
  }

  public updateItem(input: any, state: string): unknown {
    const key: string = input.Key.tenantId.S;
    const existing = this.items.get(key);
    const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
    const values: Record<string, AttributeValue> = input.ExpressionAttributeValues ?? {};
    if (input.ConditionExpression && !evaluate(input.ConditionExpression, existing, names, values)) {
      throw new TaskFailure('DynamoDb.ConditionalCheckFailedException', 'The conditional request failed');
    }
    const item: Item = existing ? structuredClone(existing) : { tenantId: { S: key } };
    const updated = new Set<string>();
    for (const [clause, body] of splitUpdate(input.UpdateExpression)) {
      for (const part of body.split(',').map((p) => p.trim()).filter(Boolean)) {
        if (clause === 'SET') {
          const [name, value] = part.split('=').map((p) => p.trim());
          item[names[name] ?? name] = structuredClone(values[value]);
          updated.add(names[name] ?? name);
        } else if (clause === 'REMOVE') {
          delete item[names[part] ?? part];
        } else {
          const [name, value] = part.split(/\s+/);
          const attribute = names[name] ?? name;
          const current = new Set<string>(item[attribute]?.SS ?? []);
          for (const member of values[value].SS) {
            if (clause === 'ADD') current.add(member); else current.delete(member);
          }
          if (current.size === 0) delete item[attribute]; else item[attribute] = { SS: [...current] };
          updated.add(attribute);
        }
      }
    }
    this.items.set(key, item);
    this.writes.push({ state, key, item: structuredClone(item) });
    if (input.ReturnValues === 'ALL_NEW') return { Attributes: structuredClone(item) };
    if (input.ReturnValues === 'UPDATED_NEW') {
      return { Attributes: Object.fromEntries([...updated].filter((a) => item[a]).map((a) => [a, item[a]])) };
    }
    return {};
  }
}

function splitUpdate(expression: string): Array<[string, string]> {
  const parts: Array<[string, string]> = [];
  const regex = /(SET|REMOVE|ADD|DELETE)\s+(.*?)(?=\s+(?:SET|REMOVE|ADD|DELETE)\s+|$)/g;
  let match: RegExpExecArray | null;
  while ((match = regex.exec(expression)) !== null) parts.push([match[1], match[2]]);
  return parts;
}

/** Evaluates the condition expressions the workflows use: AND/OR, parentheses, <>, =, <, attribute_(not_)exists, size, contains. */
function evaluate(expression: string, item: Item | undefined, names: Record<string, string>, values: Record<string, AttributeValue>): boolean {
  const text = expression.trim();
  const top = splitTopLevel(text, ' OR ');
  if (top.length > 1) return top.some((part) => evaluate(part, item, names, values));
  const all = splitTopLevel(text, ' AND ');
  if (all.length > 1) return all.every((part) => evaluate(part, item, names, values));
  if (text.startsWith('(') && text.endsWith(')')) return evaluate(text.slice(1, -1), item, names, values);
  const attribute = (token: string) => item?.[names[token] ?? token];
  const scalar = (value: AttributeValue | undefined) => (value === undefined ? undefined : value.S ?? Number(value.N));
  let match = /^attribute_(not_)?exists\((.+)\)$/.exec(text);
  if (match) return (attribute(match[2]) !== undefined) !== Boolean(match[1]);
  match = /^size\((.+)\)\s*<\s*(:\w+)$/.exec(text);
  if (match) return (attribute(match[1])?.SS?.length ?? 0) < Number(values[match[2]].N);
  match = /^contains\((.+),\s*(:\w+)\)$/.exec(text);
  if (match) return (attribute(match[1])?.SS ?? []).includes(values[match[2]].S);
  match = /^(#?\w+)\s*(<>|=|<)\s*(:\w+)$/.exec(text);
  if (match) {
    const left = scalar(attribute(match[1]));
    const right = scalar(values[match[3]]);
    if (match[2] === '<>') return left !== right;
    if (match[2] === '=') return left === right;
    return left !== undefined && left < (right as any);
  }
  throw new Error(`FakeRegistry: unsupported condition '${text}'`);
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') {depth++;} else if (text[i] === ')') {depth--;} else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}
