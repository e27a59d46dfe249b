/**
 * Name syntax checks beyond label keys and values (those live in qualified-names.ts): DNS-1123 and
 * DNS-1035 labels, path segment names, port names, percentages, and which check each kind's
 * metadata.name gets, each returning upstream's messages (empty when valid).
 */
import { isDNS1123Subdomain, maxLenError, regexError } from './qualified-names';
import { utf8ByteLength } from './utf8-length';

export { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './qualified-names';

const byteLength = utf8ByteLength;

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);

/** IsDNS1123Label: at most 63 characters, `[a-z0-9]([-a-z0-9]*[a-z0-9])?`. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  return errs;
}

const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);

/** IsDNS1035Label: as a DNS-1123 label but starting with a letter (Service names). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  return errs;
}

/** IsValidPathSegmentName: what RBAC object names must be (no `.`, `..`, `/`, `%`). */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

/** A function checking a metadata.name (or, with prefix, a generateName). */
export type NameCheck = (name: string, prefix: boolean) => string[];

// generateName may end in '-': a random suffix follows, so the dash is masked before checking.
const masked = (check: (v: string) => string[]): NameCheck => (name, prefix) =>
  check(prefix && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);

/** NameIsDNSSubdomain. */
export const nameIsDNSSubdomain: NameCheck = masked(isDNS1123Subdomain);
/** NameIsDNSLabel. */
export const nameIsDNSLabel: NameCheck = masked(isDNS1123Label);
/** NameIsDNS1035Label. */
export const nameIsDNS1035Label: NameCheck = masked(isDNS1035Label);
/** ValidatePathSegmentName: the prefix form checks only what can be checked before the suffix. */
export const pathSegmentName: NameCheck = (name, prefix) =>
  prefix ? ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`) : isValidPathSegmentName(name);

const portNameCharsetRe = /^[-a-z0-9]+$/;
const portNameOneLetterRe = /[a-z]/;

/** IsValidPortName: an IANA_SVC_NAME (at most 15 characters, a letter, no double or edge hyphens). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!portNameCharsetRe.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!portNameOneLetterRe.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

const percentFmt = '[0-9]+%';
const percentRe = /^[0-9]+%$/;

/** IsValidPercent. */
export function isValidPercent(value: string): string[] {
  if (percentRe.test(value)) return [];
  return [regexError("a valid percent string must be a numeric string followed by an ending '%'", percentFmt, '1%', '93%')];
}

/** IsEnvVarName under RelaxedEnvironmentVariableValidation (on by default in v1.32). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name must not be empty');
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32 || code > 126 || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

const cIdentifierFmt = '[A-Za-z_][A-Za-z0-9_]*';
const cIdentifierRe = new RegExp(`^${cIdentifierFmt}$`);

/** IsCIdentifier. */
export function isCIdentifier(value: string): string[] {
  if (cIdentifierRe.test(value)) return [];
  return [
    regexError(
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'",
      cIdentifierFmt,
      'my_name',
      'MY_NAME',
      'MyName',
    ),
  ];
}

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRe = new RegExp(`^${configMapKeyFmt}$`);

/** IsConfigMapKey: the keys of ConfigMap and Secret data. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!configMapKeyRe.test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}
