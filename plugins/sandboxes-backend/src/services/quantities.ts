const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};
const DECIMAL: Record<string, number> = {
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Kubernetes CPU quantity ("250m", "2") in cores; undefined when unreadable. */
export function cpuCores(quantity: string | undefined): number | undefined {
  if (!quantity) return undefined;
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (!match) return undefined;
  return Number(match[1]) / (match[2] ? 1000 : 1);
}

/** Kubernetes memory quantity ("128Mi", "1G", "1000") in bytes. */
export function memoryBytes(quantity: string | undefined): number | undefined {
  if (!quantity) return undefined;
  const match = /^(\d+(?:\.\d+)?)([KMGT]i|[kKMGT])?$/.exec(quantity.trim());
  if (!match) return undefined;
  const unit = match[2];
  const factor = unit ? BINARY[unit] ?? DECIMAL[unit] : 1;
  return Number(match[1]) * factor;
}
