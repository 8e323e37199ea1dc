import { describe, expect, it } from 'vitest';
import { ConfigError } from '../platform/config.ts';
import { loadAppConfig } from './config.ts';

const env = (extra: Record<string, string>) => ({ LOG_LEVEL: 'silent', ...extra }) as NodeJS.ProcessEnv;

describe('app configuration with the modules’ own settings', () => {
  it('parses a module’s settings into config.modules, with their defaults', () => {
    expect(loadAppConfig(env({})).modules.newsletters).toEqual({ NEWSLETTER_RATE: 20 });
    const c = loadAppConfig(env({ NEWSLETTER_RATE: '5', NEWSLETTER_BOUNCE_ADDRESS: 'bounces@example.org' }));
    expect(c.modules.newsletters).toEqual({
      NEWSLETTER_RATE: 5,
      NEWSLETTER_BOUNCE_ADDRESS: 'bounces@example.org',
    });
  });

  it('stops the start with a message naming the variable instead of using a silent default', () => {
    expect(() => loadAppConfig(env({ NEWSLETTER_RATE: 'fast' }))).toThrow(ConfigError);
    expect(() => loadAppConfig(env({ NEWSLETTER_RATE: 'fast' }))).toThrow(/NEWSLETTER_RATE \(newsletters\)/);
    expect(() => loadAppConfig(env({ NEWSLETTER_RATE: '-1' }))).toThrow(/NEWSLETTER_RATE/);
    expect(() => loadAppConfig(env({ NEWSLETTER_BOUNCE_ADDRESS: 'bounces+x@example.org' }))).toThrow(
      /NEWSLETTER_BOUNCE_ADDRESS \(newsletters\): must be a plain address/,
    );
  });
});
