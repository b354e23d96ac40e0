import { isObject, type JsonObject } from '../block-kit';
import { ApiError } from './api-error';

/**
 * Arguments of one Web API call. Form bodies carry everything as strings (objects JSON-encoded),
 * JSON bodies carry real types; these readers accept both, as Slack does.
 */
export class ApiArgs {
  constructor(readonly raw: Record<string, unknown>) {}

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? value : String(value);
  }

  requireString(name: string, error = 'invalid_arguments'): string {
    const value = this.string(name);
    if (value === undefined) throw new ApiError(error);
    return value;
  }

  boolean(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  number(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw new ApiError('invalid_arguments');
    return n;
  }

  /** A JSON-valued argument (blocks, view, attachments): a JSON string in forms, a value in JSON bodies. */
  json(name: string, parseError: string): unknown {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new ApiError(parseError);
    }
  }

  object(name: string, parseError: string): JsonObject | undefined {
    const value = this.json(name, parseError);
    if (value === undefined) return undefined;
    if (!isObject(value)) throw new ApiError(parseError);
    return value;
  }

  list(name: string): string[] {
    const value = this.raw[name];
    if (Array.isArray(value)) return value.map(String);
    const text = this.string(name);
    return text === undefined ? [] : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
}
