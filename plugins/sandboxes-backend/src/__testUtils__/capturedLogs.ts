import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { auditorServiceFactory } from '@backstage/backend-defaults/auditor';
import { JsonObject } from '@backstage/types';

/**
 * Every log line of a test backend, as JSON text (message, metadata and any
 * error), with Backstage's own auditor writing audit events to that log as
 * in production: tests search it for what must never be logged.
 */
export function capturedLogs() {
  const lines: string[] = [];
  const logger = (fields: JsonObject): RootLoggerService => {
    const write =
      (level: string) => (message: string, meta?: Error | JsonObject) => {
        const extra =
          meta instanceof Error
            ? { name: meta.name, message: meta.message, stack: meta.stack }
            : meta;
        lines.push(JSON.stringify({ level, message, ...fields, extra }));
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: meta => logger({ ...fields, ...meta }),
    };
  };
  return {
    lines,
    /** Audit events only, parsed (the auditor logs a success's event as metadata). */
    auditEvents: () =>
      lines
        .map(line => JSON.parse(line))
        .filter(line => line.isAuditEvent === true)
        .map(line => (line.eventId ? line : { ...line, ...line.extra })),
    features: [
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger({}),
      }),
      auditorServiceFactory,
    ],
  };
}
