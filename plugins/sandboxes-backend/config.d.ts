export interface Config {
  /**
   * The sandboxes backend plugin. Clusters are read from the `kubernetes`
   * section (clusterLocatorMethods of type `config`) that Backstage's
   * Kubernetes plugin reads, so a platform team configures them once.
   */
  sandboxes?: {
    /**
     * Lifetime of a new sandbox when neither the request nor its template
     * gives one. Default 60.
     */
    defaultTtlMinutes?: number;
    /**
     * Longest lifetime a request may ask for when its template gives no
     * maximum. Default 480.
     */
    maxTtlMinutes?: number;
    extensions?: {
      /** How many times a sandbox may be extended. Default 1. */
      maxCount?: number;
      /** Longest single extension. Default 120. */
      maxExtensionMinutes?: number;
      /**
       * Longest total lifetime, from creation to expiry, that extensions may
       * reach. Default: none beyond maxCount x maxExtensionMinutes (with the
       * defaults, 1 hour plus one extension of up to 2 hours).
       */
      maxLifetimeMinutes?: number;
    };
    quotas?: {
      /** Concurrent sandboxes one user may own. Default 3. */
      perUser?: number;
      /** Concurrent sandboxes the members of one group may own together. Default 10. */
      perGroup?: number;
      /**
       * Further limits for one template, keyed by template name; they apply
       * on top of perUser and perGroup (so they can only tighten).
       */
      perTemplate?: {
        [templateName: string]: {
          perUser?: number;
          perGroup?: number;
        };
      };
    };
    /**
     * URL templates for a sandbox's observability links. Placeholders:
     * {{cluster}} {{namespace}} {{sandbox}} {{owner}} {{from}} {{to}}
     * (times in RFC 3339, values URL-encoded). A template's own spec.links
     * are added after these.
     */
    links?: {
      logs?: string;
      metrics?: string;
      traces?: string;
      exceptions?: string;
    };
    activity?: {
      /** Days an activity entry is kept, also after its sandbox is gone. Default 90. */
      retentionDays?: number;
    };
    watch?: {
      /** Full relist of every cluster's sandboxes this often. Default 10. */
      resyncMinutes?: number;
    };
    kubernetes?: {
      /** Timeout of one call to a cluster. Default 10000. */
      requestTimeoutMs?: number;
      /** Retries of a safe call failing with 429, 5xx or a timeout. Default 3. */
      maxRetries?: number;
    };
    permissions?: {
      /**
       * Groups whose members manage every sandbox. Default
       * ['group:default/platform-admins'].
       */
      adminGroups?: string[];
      /** Whether everyone may list and read every sandbox. Default true. */
      everyoneCanRead?: boolean;
    };
  };
}
