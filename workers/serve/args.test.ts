import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './args';

describe('parseServeArgs', () => {
  it('has defaults', () => {
    expect(parseServeArgs([])).toEqual({ port: 8080, speed: 1, seed: 1, nodes: 3, host: '127.0.0.1' });
  });
  it('reads every flag', () => {
    expect(parseServeArgs(['--port', '0', '--speed', 'max', '--seed', '42', '--nodes', '10'])).toMatchObject({
      port: 0,
      speed: 'max',
      seed: 42,
      nodes: 10,
    });
  });
  it.each([
    [['--port', 'x'], /--port must be/],
    [['--speed', '3'], /--speed must be one of/],
    [['--seed'], /--seed needs a value/],
    [['--bogus'], /unknown flag --bogus/],
  ])('rejects %j', (argv, msg) => {
    expect(() => parseServeArgs(argv as string[])).toThrow(msg);
  });
});
