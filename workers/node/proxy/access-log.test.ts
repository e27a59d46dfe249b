import { describe, expect, it } from 'vitest';
import { nginxAccessLogLine, nginxTimeLocal } from './access-log';

const AT = Date.UTC(2026, 10, 23, 9, 5, 7);

describe('nginx access log', () => {
  it('formats $time_local as nginx does in UTC', () => {
    expect(nginxTimeLocal(AT)).toBe('23/Nov/2026:09:05:07 +0000');
  });

  it.each([
    [{ clientIP: '10.244.2.9', method: 'GET', path: '/', userAgent: 'curl/8.5.0' }, '10.244.2.9 - - [23/Nov/2026:09:05:07 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"'],
    [{ clientIP: '172.18.0.3', method: 'POST', path: '/nope', userAgent: 'Wget', status: 404 }, '172.18.0.3 - - [23/Nov/2026:09:05:07 +0000] "POST /nope HTTP/1.1" 404 153 "-" "Wget" "-"'],
  ])('%o', (req, line) => {
    expect(nginxAccessLogLine(req, AT)).toBe(line);
  });
});
