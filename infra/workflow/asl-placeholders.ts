/**
 * The `${Name}` placeholders of the ASL file and what they stand for: one convention for the generator
 * that writes them, the CDK stack that fills them with real ARNs, and the local runtime that fills them
 * with local ones. `${EnterStageFunctionArn}` is catalog function `enter-stage`.
 */

/** `enter-stage` → `EnterStage` (also the CDK construct-id form of a catalog id). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The placeholder that stands for catalog function `functionId`: `enter-stage` → `EnterStageFunctionArn`. */
export function functionArnPlaceholder(functionId: string): string {
  return `${pascalCase(functionId)}FunctionArn`;
}

/** The placeholder for the domain bus name (`events:putEvents` states publish there). */
export const DOMAIN_BUS_PLACEHOLDER = 'DomainEventBusName';

/** `${Name}` placeholders of an ASL text, in order of first use. */
export function aslPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] as string))];
}

/**
 * Values for every placeholder of `text`: function placeholders resolve through `functionValue` for the
 * catalog ids given, the domain bus to `domainBus`. An unknown placeholder is an error, never left in.
 *
 * @example substitutionsFor(asl, ['enter-stage'], (id) => localLambdaArn(id), 'tradeflow-domain')
 */
export function substitutionsFor(text: string, functionIds: readonly string[], functionValue: (id: string) => string, domainBus: string): Record<string, string> {
  const byPlaceholder = new Map(functionIds.map((id) => [functionArnPlaceholder(id), id]));
  const out: Record<string, string> = {};
  for (const placeholder of aslPlaceholders(text)) {
    if (placeholder === DOMAIN_BUS_PLACEHOLDER) out[placeholder] = domainBus;
    else {
      const id = byPlaceholder.get(placeholder);
      if (!id) throw new Error(`The ASL uses \${${placeholder}}, which names no catalog function (known: ${[...byPlaceholder.keys()].join(', ')}, ${DOMAIN_BUS_PLACEHOLDER})`);
      out[placeholder] = functionValue(id);
    }
  }
  return out;
}
