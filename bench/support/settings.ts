/**
 * A positive number from the environment, or the fallback when the variable is unset: lets a
 * benchmark's sizes be changed for an investigation without editing it.
 */
export function positiveSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${text}"`);
  return value;
}
