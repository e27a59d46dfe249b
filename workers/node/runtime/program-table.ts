/**
 * What each image's main program does when run without a shell script: how long it takes to start
 * and to accept connections, which ports it serves, how much memory it uses, what it logs, and how
 * it answers SIGTERM. workers/node/README.md documents this table.
 */
import type { ProgramKind } from './images';

const Mi = 1024 * 1024;

/** The behaviour of a long-running program. */
export interface ProgramProfile {
  /** Process start to first log line, ms. */
  startMs: number;
  /** Process start to accepting connections, ms. */
  readyAfterMs: number;
  ports: number[];
  /** HTTP paths answering 200 (others 404); `any` for servers that answer every path. */
  httpPaths: string[] | 'any';
  memoryBytes: number;
  logs: string[];
  /** Time from SIGTERM to a clean exit 0; undefined when it ignores SIGTERM (killed at the deadline). */
  termExitMs?: number;
}

const NGINX_LOGS = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
  '{nginx-time} [notice] 1#1: using the "epoll" event method',
  '{nginx-time} [notice] 1#1: nginx/1.27.3',
  '{nginx-time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)',
  '{nginx-time} [notice] 1#1: OS: Linux 6.8.0-49-generic',
  '{nginx-time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
  '{nginx-time} [notice] 1#1: start worker processes',
  '{nginx-time} [notice] 1#1: start worker process 29',
];

const profiles: Record<ProgramKind, ProgramProfile> = {
  nginx: { startMs: 120, readyAfterMs: 200, ports: [80], httpPaths: ['/', '/index.html'], memoryBytes: 9 * Mi, logs: NGINX_LOGS, termExitMs: 100 },
  httpd: {
    startMs: 100,
    readyAfterMs: 150,
    ports: [80],
    httpPaths: ['/', '/index.html'],
    memoryBytes: 12 * Mi,
    logs: [
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name. Set the 'ServerName' directive globally to suppress this message",
      '[mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations',
      "[core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
    ],
    termExitMs: 1000,
  },
  redis: {
    startMs: 50,
    readyAfterMs: 100,
    ports: [6379],
    httpPaths: [],
    memoryBytes: 4 * Mi,
    logs: ['1:C {redis-time} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo', '1:M {redis-time} * Server initialized', '1:M {redis-time} * Ready to accept connections tcp'],
    termExitMs: 200,
  },
  mysql: {
    startMs: 300,
    readyAfterMs: 15_000,
    ports: [3306, 33060],
    httpPaths: [],
    memoryBytes: 400 * Mi,
    logs: ['{mysql-entry-time} [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.', '{mysql-time} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: \'9.1.0\'  socket: \'/var/run/mysqld/mysqld.sock\'  port: 3306  MySQL Community Server - GPL.'],
    termExitMs: 2000,
  },
  postgres: {
    startMs: 200,
    readyAfterMs: 3000,
    ports: [5432],
    httpPaths: [],
    memoryBytes: 40 * Mi,
    logs: ['PostgreSQL init process complete; ready for start up.', 'LOG:  database system is ready to accept connections'],
    termExitMs: 500,
  },
  pause: { startMs: 10, readyAfterMs: 10, ports: [], httpPaths: [], memoryBytes: Mi / 2, logs: [], termExitMs: 10 },
  etcd: { startMs: 100, readyAfterMs: 1000, ports: [2379, 2380, 2381], httpPaths: ['/health', '/readyz', '/livez'], memoryBytes: 60 * Mi, logs: ['{"level":"info","msg":"serving client traffic securely","address":"[::]:2379"}'], termExitMs: 500 },
  'control-plane': { startMs: 200, readyAfterMs: 8000, ports: [6443, 10257, 10259], httpPaths: 'any', memoryBytes: 250 * Mi, logs: ['I{klog-time}       1 serving.go:386] Generated self-signed cert in-memory'], termExitMs: 1000 },
  'kube-proxy': { startMs: 100, readyAfterMs: 1000, ports: [10249, 10256], httpPaths: 'any', memoryBytes: 20 * Mi, logs: ['I{klog-time}       1 server_linux.go:66] "Using iptables proxy"'], termExitMs: 200 },
  coredns: {
    startMs: 100,
    readyAfterMs: 1000,
    ports: [53, 8080, 8181, 9153],
    httpPaths: 'any',
    memoryBytes: 15 * Mi,
    logs: ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'],
    termExitMs: 5000,
  },
  server: { startMs: 100, readyAfterMs: 1000, ports: [], httpPaths: 'any', memoryBytes: 30 * Mi, logs: [], termExitMs: 500 },
  shell: { startMs: 5, readyAfterMs: 5, ports: [], httpPaths: [], memoryBytes: Mi, logs: [] },
};

/** The profile of a program kind. */
export function programProfile(kind: ProgramKind): ProgramProfile {
  return profiles[kind];
}

/** Environment variables an image refuses to start without, with the error it logs and exits 1 on. */
export const REQUIRED_ENV: Partial<Record<ProgramKind, { anyOf: string[]; logs: string[] }>> = {
  mysql: {
    anyOf: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'],
    logs: [
      '{mysql-entry-time} [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.',
      '{mysql-entry-time} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
      '    You need to specify one of the following as an environment variable:',
      '    - MYSQL_ROOT_PASSWORD',
      '    - MYSQL_ALLOW_EMPTY_PASSWORD',
      '    - MYSQL_RANDOM_ROOT_PASSWORD',
    ],
  },
  postgres: {
    anyOf: ['POSTGRES_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD'],
    logs: [
      'Error: Database is uninitialized and superuser password is not specified.',
      '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
      '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
    ],
  },
};
