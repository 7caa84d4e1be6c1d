/** The hardware SKUs, named as the service lists them. */
export const HARDWARE = [
  { name: "CPU", sku: "cpu" },
  { name: "Nvidia T4 GPU", sku: "gpu-t4" },
  { name: "Nvidia A40 GPU", sku: "gpu-a40-small" },
  { name: "Nvidia A40 (Large) GPU", sku: "gpu-a40-large" },
] as const;

export function isHardwareSku(value: unknown): boolean {
  return HARDWARE.some((hardware) => hardware.sku === value);
}
