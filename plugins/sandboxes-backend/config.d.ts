import { HumanDuration } from '@backstage/types';

/** A Prometheus HTTP API to ask for sandbox activity. */
interface AutoscalerPrometheusConfig {
  /** Base URL, e.g. http://prometheus.monitoring:9090 */
  url: string;
  /**
   * A built-in query: 'ingress-nginx' (default), 'envoy-gateway', 'istio' or
   * 'traefik'. Ignored when `query` is set.
   */
  preset?: 'ingress-nginx' | 'envoy-gateway' | 'istio' | 'traefik';
  /**
   * Your own PromQL: requests per sandbox namespace over `{{window}}`, e.g.
   * `sum by (namespace) (increase(my_requests_total[{{window}}]))`.
   */
  query?: string;
  /** The label of the answer that holds the namespace. Default "namespace". */
  namespaceLabel?: string;
  /**
   * Extra HTTP headers, e.g. Authorization for a hosted Prometheus.
   * @visibility secret
   */
  headers?: { [name: string]: string };
  /** Default 10000. */
  timeoutMs?: number;
}

export interface Config {
  /**
   * The sandboxes backend plugin. Clusters are read from the `kubernetes`
   * section (clusterLocatorMethods of type `config`) that Backstage's
   * Kubernetes plugin reads, so a platform team configures them once.
   */
  sandboxes?: {
    /**
     * The catalog namespace the catalog module publishes sandbox Resources
     * in, a namespace of their own so they cannot take the ref of another
     * entity. The sandbox page reads it to find a sandbox's Resource.
     * Default "sandboxes".
     * @visibility frontend
     */
    catalogNamespace?: string;
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
    /**
     * How long before a sandbox expires its owner is warned: an
     * `expiry-warning` entry in its activity log and, with the notifications
     * plugin installed, a notification linking to the sandbox. Once per
     * expiry; an extended sandbox is warned again before its new expiry.
     * 0 turns warnings off. Default 15.
     */
    expiryWarningMinutes?: number;
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
      /**
       * Sandboxes of one size one user may own at a time, keyed by size
       * name (e.g. large: { perUser: 1 }). Checked on create and whenever a
       * change moves a sandbox to that size.
       */
      perSize?: {
        [sizeName: string]: { perUser: number };
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
    /**
     * How sandbox names map to namespaces; must match the operator's
     * --namespace-prefix and --reserved-namespaces.
     */
    namespaces?: {
      /** Sandbox namespaces are `<prefix><name>`. Default 'sandbox-'. */
      prefix?: string;
      /**
       * Namespaces no sandbox may use, besides 'default', 'kube-*' and
       * 'sandbox-operator-system' (the operator's). `*` at the end matches any rest.
       */
      reserved?: string[];
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
    pullRequests?: {
      /**
       * A sandbox per pull request. Default false. When true, a build
       * (POST /builds or a package event) of a branch no sandbox follows
       * creates a sandbox from the template named by the
       * `sandboxkit.dev/pull-request-template` annotation of the catalog
       * entity whose source location is that repository, following the
       * branch; a `github.pull_request` event with action `closed` deletes it.
       */
      enabled?: boolean;
    };
    secretParameters?: {
      /**
       * The namespace where the backend writes each sandbox's staging Secret
       * `sandbox-parameters-<sandbox uid>` with the values of its secret
       * parameters, for the operator to copy into the sandbox namespace.
       * Must be the namespace the operator reads them from; the backend's
       * cluster credentials need create, get, patch and delete on secrets
       * there (and nowhere else). Default "sandbox-operator-system".
       */
      namespace?: string;
    };
    autoscaler?: {
      /** Default true. False: no scale-down, no wake, no schedules. */
      enabled?: boolean;
      /** How often a cycle runs (one backend replica at a time). Default { minutes: 1 }. */
      frequency?: HumanDuration | string;
      /** Activity at or under this over the whole idle window counts as idle. Default 0. */
      threshold?: number;
      /** Default 30; a template overrides it with spec.autoscaling.idleWindowMinutes. */
      idleWindowMinutes?: number;
      /** No scale-down within this long of creation or resume. Default 10. */
      startupGraceMinutes?: number;
      /** Warning in the activity log (and a notification) this long before scale-down; 0 disables. Default 5. */
      warnBeforeMinutes?: number;
      /**
       * Also resume a sandbox the autoscaler scaled down when its metrics show
       * requests again. Default false: the operator's waker already wakes it
       * on the first request; turn this on only where sandbox traffic does not
       * pass the waker.
       */
      wakeOnRequests?: boolean;
      /** Requests above this (and above `threshold`) in the wake window wake it. Default 0. */
      wakeThreshold?: number;
      /** Default max(2, 2 × frequency in minutes). */
      wakeWindowMinutes?: number;
      /** The metrics source of clusters without their own. */
      prometheus?: AutoscalerPrometheusConfig;
      /** Per-cluster sources, keyed by cluster name. */
      clusters?: {
        [cluster: string]: { prometheus?: AutoscalerPrometheusConfig };
      };
      /** Off-hours: suspend at `suspendCron`, resume at `resumeCron` if set. */
      schedules?: Array<{
        name: string;
        /** Template names; empty or absent means every template. */
        templates?: string[];
        /** Owner entity refs; empty or absent means every owner. */
        owners?: string[];
        suspendCron: string;
        resumeCron?: string;
        /**
         * IANA time zone. Default UTC. Across a daylight-saving change a time
         * of day fires once: in the hour clocks repeat, on its first pass; in
         * the hour they skip, at the jump (as cron does).
         */
        timeZone?: string;
      }>;
    };
  };
}
