import { describe, expect, it } from 'vitest';
import { useTargets } from '../support/targets.js';

const both = useTargets();

describe('connection commands', () => {
  it('PING and ECHO', async () => {
    await both.same(['PING'], ['PING', 'hello'], ['PING', 'a', 'b'], ['ECHO', 'x\x00y\xff'], ['ECHO']);
  });

  it('unknown commands and arity errors', async () => {
    await both.same(['FOO', 'a', 'b'], ['GET'], ['SET', 'a'], ['FOO', 'x'.repeat(200), 'y'], ['foo']);
  });

  it('SELECT', async () => {
    await both.same(
      ['SELECT', '1'],
      ['SELECT', '16'],
      ['SELECT', '-1'],
      ['SELECT', 'x'],
      ['SELECT', '99999999999'],
    );
  });

  it('HELLO errors', async () => {
    await both.same(
      ['HELLO', '4'],
      ['HELLO', 'x'],
      ['HELLO', '3', 'FOO'],
      ['HELLO', '3', 'AUTH', 'a', 'b'],
      ['HELLO', '2', 'SETNAME', 'a b'],
    );
  });

  it('AUTH without a password configured', async () => {
    await both.same(
      ['AUTH', 'x'],
      ['AUTH', 'default', 'x'],
      ['AUTH', 'someone', 'x'],
      ['AUTH', 'a', 'b', 'c'],
    );
  });

  it('RESP3 nulls after HELLO 3', async () => {
    const replies = await both.compare({ proto: 3 }, ['GET', 'missing'], ['SET', 'a', 'b'], ['GET', 'a']);
    expect(replies[0]).toBe('_\r\n');
  });
});
