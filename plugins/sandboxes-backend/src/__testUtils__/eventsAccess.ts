import { createBackendModule } from '@backstage/backend-plugin-api';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';

/**
 * A module of the sandboxes plugin that hands a test the events service the
 * plugin subscribes on, to publish webhooks as the events backend would.
 */
export function eventsAccess() {
  let events: EventsService | undefined;
  const module = createBackendModule({
    pluginId: 'sandboxes',
    moduleId: 'test-events',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init(deps) {
          events = deps.events;
        },
      });
    },
  });
  return {
    module,
    /** The events service, once the backend has started. */
    events(): EventsService {
      if (!events) throw new Error('The test backend has not started');
      return events;
    },
  };
}
