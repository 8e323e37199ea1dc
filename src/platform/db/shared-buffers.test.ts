import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from './engine.ts';

describe('embedded engine buffer pool (PGLITE_SHARED_BUFFERS)', () => {
  it('defaults to 32MB and rejects sizes PostgreSQL would not take, naming the variable', () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB');
    expect(loadConfig({ PGLITE_SHARED_BUFFERS: '16MB' }).pgliteSharedBuffers).toBe('16MB');
    for (const bad of ['32', '32mb', '0MB', '64kB', '2GB', '32MB; drop table x', ' 32MB']) {
      expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: bad })).toThrow(/PGLITE_SHARED_BUFFERS/);
    }
  });

  it('opens the engine with the given shared_buffers', async () => {
    const database = await openDatabase({ sharedBuffers: '16MB' });
    try {
      const r = await database.pglite!.query<{ shared_buffers: string }>('show shared_buffers');
      expect(r.rows[0].shared_buffers).toBe('16MB');
    } finally {
      await database.close();
    }
  }, 60_000);
});
