import { describe, expect, it } from 'vitest';
import { accessLogLine, renderLogLine } from './log-lines';

const T = Date.UTC(2026, 2, 4, 9, 5, 7, 42);

describe('renderLogLine', () => {
  it.each([
    ['{nginx-time} [notice] 1#1: start worker processes', '2026/03/04 09:05:07 [notice] 1#1: start worker processes'],
    ['1:M {redis-time} * Server initialized', '1:M 04 Mar 2026 09:05:07.042 * Server initialized'],
    ['I{klog-time}       1 server.go:1] x', 'I0304 09:05:07.042000       1 server.go:1] x'],
    ['{mysql-time} 0 [System] ready', '2026-03-04T09:05:07.042000Z 0 [System] ready'],
    ['{mysql-entry-time} [Note] [Entrypoint]: started.', '2026-03-04 09:05:07+00:00 [Note] [Entrypoint]: started.'],
    ['plain {braces} stay', 'plain {braces} stay'],
  ])('%s', (line, want) => {
    expect(renderLogLine(line, T)).toBe(want);
  });
});

describe('accessLogLine', () => {
  it.each([
    ['nginx', {}, '10.244.0.1 - - [04/Mar/2026:09:05:07 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"'],
    ['nginx', { path: '/nope', status: 404, userAgent: 'kube-probe/1.32' }, '10.244.0.1 - - [04/Mar/2026:09:05:07 +0000] "GET /nope HTTP/1.1" 404 153 "-" "kube-probe/1.32" "-"'],
    ['httpd', { method: 'HEAD' }, '10.244.0.1 - - [04/Mar/2026:09:05:07 +0000] "HEAD / HTTP/1.1" 200 45'],
    ['redis', {}, undefined],
  ] as const)('%s %j', (program, req, want) => {
    expect(accessLogLine(program, { clientIP: '10.244.0.1', ...req }, T)).toBe(want);
  });
});
