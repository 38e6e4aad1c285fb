import { describe, expect, it } from 'vitest';
import { MissingServiceError } from '../../e2e/require-service.js';
import { pgBackend, pgUnavailableReason } from './hub-test-backends.js';

/** The gate every PostgreSQL suite passes through, against a real refused connection (port 1). */
const nobody = 'postgres://postgres:hunter2@127.0.0.1:1/test';

describe('pgBackend without PostgreSQL', () => {
  it('under CI=true: rejects, so the PostgreSQL suites fail instead of skipping', async () => {
    const gate = pgBackend({ url: nobody, env: { CI: 'true' } });
    await expect(gate).rejects.toThrow(MissingServiceError);
    await expect(pgBackend({ url: nobody, env: { CI: 'true' } })).rejects.toThrow(
      /PostgreSQL is needed but not available, and under CI no test may skip: not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test .*\.ci\/run/,
    );
  });

  it('elsewhere: answers the skip reason; the password in the URL is never in it', async () => {
    const reason = await pgBackend({ url: nobody, env: {} });
    expect(reason).toMatch(
      /^PostgreSQL not available: not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test/,
    );
    expect(reason).not.toContain('hunter2');
    expect(await pgUnavailableReason(nobody)).not.toContain('hunter2');
  });
});
