import { describe, expect, it } from 'vitest';
import { readConfig, trustedProxies } from './config.ts';

describe('HAMKOR_TRUST_PROXY', () => {
  it('is off unless set', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(trustedProxies('0')).toBe(false);
    expect(trustedProxies(' ')).toBe(false);
  });

  it('takes proxy addresses and ranges, and reads 1 as a proxy on the same machine, never as everyone', () => {
    expect(readConfig({ HAMKOR_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8,fd00::/8' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(trustedProxies('1')).toEqual(['loopback']);
    expect(trustedProxies('true')).toEqual(['loopback']);
    expect(trustedProxies('loopback,uniquelocal')).toEqual(['loopback', 'uniquelocal']);
  });

  it('refuses what is not an address or a range, rather than trusting it', () => {
    for (const value of ['yes', '*', '10.0.0.0/33', '10.0.0.1/8/8', 'example.org', '10.0.0.1,,10.0.0.2'])
      expect(() => trustedProxies(value), value).toThrow(/HAMKOR_TRUST_PROXY/);
  });

  it('takes a read replica only beside a PostgreSQL primary: the embedded database has none', () => {
    expect(readConfig({}).databaseReadUrl).toBeUndefined();
    const urls = { DATABASE_URL: 'postgres://db1/hamkor', DATABASE_READ_URL: 'postgres://db2/hamkor' };
    expect(readConfig(urls).databaseReadUrl).toBe('postgres://db2/hamkor');
    expect(() => readConfig({ DATABASE_READ_URL: 'postgres://db2/hamkor' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
  });
});
