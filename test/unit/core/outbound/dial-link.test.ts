import { describe, expect, it } from 'vitest';
import { findDialLink, parseDialLink } from '../../../../electron/core/outbound/dial-link';

describe('parseDialLink', () => {
  it('reads tel: links with RFC 3966 visual separators', () => {
    expect(parseDialLink('tel:+1-555-010-0123')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('tel:+1.555.010.0123')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('TEL:+1(555)0100123')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('tel:%2B1%20555%20010%200123')).toEqual({ ok: true, number: '+15550100123' });
  });

  it('keeps the extension aside and ignores other parameters', () => {
    expect(parseDialLink('tel:+1-555-010-0123;ext=42')).toEqual({ ok: true, number: '+15550100123', extension: '42' });
    expect(parseDialLink('tel:+15550100123;isub=1;x-vendor=abc')).toEqual({ ok: true, number: '+15550100123' });
  });

  it('a local number takes its +digits phone-context as prefix; otherwise it stays national', () => {
    expect(parseDialLink('tel:5550100123;phone-context=+1')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('tel:7123-4567;phone-context=+44-20')).toEqual({ ok: true, number: '+442071234567' });
    expect(parseDialLink('tel:020-7123-4567;phone-context=example.com')).toEqual({ ok: true, number: '02071234567' });
    expect(parseDialLink('tel:(555) 010-0123')).toEqual({ ok: true, number: '5550100123' });
  });

  it('reads callto: with or without //, and ignores a Skype-style query', () => {
    expect(parseDialLink('callto:+15550100123')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('callto://+15550100123')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('callto://+1 555 010 0123/')).toEqual({ ok: true, number: '+15550100123' });
    expect(parseDialLink('CallTo://+15550100123?call')).toEqual({ ok: true, number: '+15550100123' });
  });

  it('refuses garbage with a reason', () => {
    const reason = (link: string) => {
      const r = parseDialLink(link);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(reason('https://example.com/+15550100123')).toMatch(/only tel: and callto:/);
    expect(reason('tel:')).toMatch(/names no number/);
    expect(reason('tel:;ext=1')).toMatch(/names no number/);
    expect(reason('callto://echo123')).toMatch(/does not name a phone number/);
    expect(reason('tel:+1555abc')).toMatch(/does not name a phone number/);
    expect(reason('tel:+1555%ZZ')).toMatch(/percent-encoding/);
    expect(reason('tel://+15550100123')).toMatch(/no "\/\/"/);
    expect(reason('tel:+15550100123;ext=12a')).toMatch(/extension/);
    expect(reason('tel:+1234567890123456789')).toMatch(/longer than 15 digits/);
    expect(reason(`tel:+1${'0'.repeat(600)}`)).toMatch(/too long/);
    expect(reason('')).toMatch(/empty/);
    expect(reason('javascript:alert(1)//tel:+1555')).toMatch(/only tel: and callto:/);
  });
});

describe('findDialLink', () => {
  it('finds the link among the arguments a second instance (Windows, Linux) was started with', () => {
    expect(findDialLink(['/opt/Switchboard/switchboard', '--no-sandbox', 'tel:+15550100123'])).toBe('tel:+15550100123');
    expect(findDialLink(['C:\\Switchboard.exe', 'callto://+15550100123'])).toBe('callto://+15550100123');
    expect(findDialLink(['/opt/Switchboard/switchboard', '--flag=tel:+1'])).toBeUndefined();
  });
});
