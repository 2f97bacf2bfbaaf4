import { InvalidConfiguration, loadConfig } from './app-config';

describe('configuration from the environment', () => {
  it('takes the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', LOG_LEVEL: 'info', ROLE: 'all' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads and converts the values that are set', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/x', ROLE: 'api' });
    expect(config).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/x', ROLE: 'api' });
  });

  it('limits each API key to 500 requests/s with bursts of 1000 unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_PER_SECOND: 500,
      RATE_LIMIT_BURST: 1000,
      RATE_LIMIT_ANONYMOUS_PER_SECOND: 50,
      RATE_LIMIT_ANONYMOUS_BURST: 100,
    });
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '3' })).toMatchObject({
      RATE_LIMIT_PER_SECOND: 2,
      RATE_LIMIT_BURST: 3,
    });
  });

  it('keeps the last 50,000 written streams for the next command unless told otherwise; 0 keeps none', () => {
    expect(loadConfig({}).STREAM_CACHE_SIZE).toBe(50_000);
    expect(loadConfig({ STREAM_CACHE_SIZE: '200000' }).STREAM_CACHE_SIZE).toBe(200_000);
    expect(loadConfig({ STREAM_CACHE_SIZE: '0' }).STREAM_CACHE_SIZE).toBe(0);
    expect(() => loadConfig({ STREAM_CACHE_SIZE: '-1' })).toThrow(/STREAM_CACHE_SIZE/);
    expect(() => loadConfig({ STREAM_CACHE_SIZE: 'many' })).toThrow(/STREAM_CACHE_SIZE/);
    expect(() => loadConfig({ STREAM_CACHE_SIZE: '2000000' })).toThrow(/STREAM_CACHE_SIZE/);
  });

  it('refuses a rate limit that is not a positive whole number', () => {
    expect(() => loadConfig({ RATE_LIMIT_PER_SECOND: '0' })).toThrow(/RATE_LIMIT_PER_SECOND/);
    expect(() => loadConfig({ RATE_LIMIT_BURST: 'lots' })).toThrow(/RATE_LIMIT_BURST/);
    expect(() => loadConfig({ RATE_LIMIT_ANONYMOUS_BURST: '1.5' })).toThrow(/RATE_LIMIT_ANONYMOUS_BURST/);
  });

  it('bounds an integration-reported occurredAt by 5 s of skew and 24 h of age unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ OCCURRED_AT_MAX_SKEW_SECONDS: 5, OCCURRED_AT_MAX_AGE_HOURS: 24 });
    expect(loadConfig({ OCCURRED_AT_MAX_SKEW_SECONDS: '0', OCCURRED_AT_MAX_AGE_HOURS: '72' })).toMatchObject({
      OCCURRED_AT_MAX_SKEW_SECONDS: 0,
      OCCURRED_AT_MAX_AGE_HOURS: 72,
    });
    expect(() => loadConfig({ OCCURRED_AT_MAX_SKEW_SECONDS: '-1' })).toThrow(/OCCURRED_AT_MAX_SKEW_SECONDS/);
    expect(() => loadConfig({ OCCURRED_AT_MAX_AGE_HOURS: '0' })).toThrow(/OCCURRED_AT_MAX_AGE_HOURS/);
    expect(() => loadConfig({ OCCURRED_AT_MAX_AGE_HOURS: 'a day' })).toThrow(/OCCURRED_AT_MAX_AGE_HOURS/);
  });

  it('keeps webhooks on public https endpoints unless told otherwise, and takes only true or false', () => {
    expect(loadConfig({})).toMatchObject({ WEBHOOK_ALLOW_HTTP: false, WEBHOOK_ALLOW_PRIVATE_NETWORKS: false });
    expect(loadConfig({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' })).toMatchObject({
      WEBHOOK_ALLOW_HTTP: true,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: true,
    });
    expect(() => loadConfig({ WEBHOOK_ALLOW_HTTP: 'yes' })).toThrow(/WEBHOOK_ALLOW_HTTP: must be true or false/);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: '1' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
  });

  it('gives a receiver 10 s to answer a webhook unless told a whole number of milliseconds in [100, 60000]', () => {
    expect(loadConfig({}).WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ WEBHOOK_TIMEOUT_MS: '500' }).WEBHOOK_TIMEOUT_MS).toBe(500);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '50' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '2s' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('refuses bad values with a message naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ADMIN_API_KEY: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfiguration);
    const problems = (error as InvalidConfiguration).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['ADMIN_API_KEY', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect((error as Error).message).toContain('DATABASE_URL: must be a postgres://');
  });

  it('refuses ROLE=api on the embedded state database, naming ROLE, DATABASE_URL and DATA_DIR', () => {
    // No worker can open the embedded folder beside the API, so nothing would ever record a deadline.
    for (const env of [{ ROLE: 'api' }, { ROLE: 'api', DATA_DIR: '/srv/data' }, { ROLE: 'api', DATABASE_URL: '' }]) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidConfiguration);
      expect((error as InvalidConfiguration).problems.map((p) => p.variable)).toEqual(['ROLE']);
      expect((error as Error).message).toMatch(/ROLE: .*DATABASE_URL.*DATA_DIR/s);
    }
    expect(loadConfig({ ROLE: 'api', DATABASE_URL: 'postgres://u@db:5432/x' }).ROLE).toBe('api');
    expect(loadConfig({ ROLE: 'worker' }).ROLE).toBe('worker');
    expect(loadConfig({ ROLE: 'all' }).ROLE).toBe('all');
  });
});
