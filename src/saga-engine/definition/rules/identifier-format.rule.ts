import { DefinitionLimits } from '../definition-problem.js';

const kebabCase = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** True for a kebab-case identifier (`reserve-inventory`): lowercase letters and digits, single hyphens, a letter first. */
export function isKebabIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length <= DefinitionLimits.maxIdentifierLength && kebabCase.test(value);
}

/** The sentence for a field that must be a kebab-case identifier. */
export function identifierMessage(what: string, value: unknown): string {
  return `${what} must be a kebab-case identifier (lowercase letters and digits separated by single hyphens, starting with a letter, at most ${DefinitionLimits.maxIdentifierLength} characters), got ${JSON.stringify(value) ?? 'nothing'}.`;
}
