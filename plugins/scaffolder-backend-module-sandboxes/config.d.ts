export interface Config {
  scaffolder?: {
    /** Settings of the sandboxes scaffolder module. */
    sandboxes?: {
      /**
       * Where `sandbox:publish-local` creates repositories. Default: the
       * directory `backstage-local-repositories` in the system's temp dir.
       * Point a catalog `file` location at `<dir>/*\/catalog-info.yaml`
       * to bring what it publishes into the catalog.
       */
      localRepositoriesDirectory?: string;
    };
  };
}
