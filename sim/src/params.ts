// Reading request bodies and query strings the way Telnyx does: unknown fields are ignored, a
// missing required field is 422 10004 naming it, a wrongly typed field is 422 10015.
import { apiErrors } from './errors';

export type Body = Record<string, unknown>;

/** Query parameters with bracketed keys already decoded (`page[number]`, `filter[status]`). */
export interface Query {
  get(key: string): string | undefined;
}

export function queryFrom(search: string): Query {
  const params = new URLSearchParams(search);
  return { get: (key) => params.get(key) ?? undefined };
}

export function requireString(body: Body, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') throw apiErrors.missingParameter(field);
  if (typeof value !== 'string') throw apiErrors.invalidValue(field, `The '${field}' parameter must be a string.`);
  return value;
}

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw apiErrors.invalidValue(field, `The '${field}' parameter must be a string.`);
  return value;
}

export function optionalBool(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw apiErrors.invalidValue(field, `The '${field}' parameter must be a boolean.`);
  return value;
}

export function optionalInt(body: Body, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw apiErrors.invalidValue(field, `The '${field}' parameter must be an integer.`);
  if (value < min || value > max) throw apiErrors.outOfRange(field, min, max);
  return value;
}

export function optionalStringArray(body: Body, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw apiErrors.invalidValue(field, `The '${field}' parameter must be an array of strings.`);
  }
  return value as string[];
}
