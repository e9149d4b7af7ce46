// Shape checks for request parameters. Each throws InvalidParameterException naming the
// parameter, before any state changes.
import { invalidParameter } from './errors.js';

export function expectObject(value: unknown, name: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter(`${name} must be an object.`);
  }
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidParameter(`${name} is required and must be a non-empty string.`);
  return value;
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string.`);
  return value;
}

export function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`${name} must be a boolean.`);
  return value;
}

export function optionalInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidParameter(`${name} must be an integer.`);
  return value;
}

export function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidParameter(`${name} must be a list of strings.`);
  }
  return value as string[];
}
