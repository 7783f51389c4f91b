/**
 * What a WebGPU device reports outside the calls that caused it: validation errors (a kernel the
 * device cannot run, whose results are garbage) and the device's loss (a driver reset, or
 * `destroy()`). tfjs-backend-webgpu does not listen for either, so a run would go on reading
 * garbage and stop, at best, as "diverged". lrlab watches the device and turns the first such
 * report into a typed error at the next read of a tensor.
 */
import { BackendError } from '@lrlab/core';

/** How a device was lost (a `GPUDeviceLostInfo`). */
export interface DeviceLostInfo {
  /** `destroyed`, or `unknown` (a driver reset, say). */
  readonly reason?: string;
  /** The driver's words. */
  readonly message?: string;
}

/** The part of a `GPUDevice` watched here. */
export interface WatchedDevice {
  /** Dawn's device is an event target: `uncapturederror` events carry `error.message`. */
  addEventListener(type: 'uncapturederror', listener: (event: { readonly error?: { readonly message?: string } }) => void): void;
  /** Resolves when the device is lost, with the reason and a message. */
  readonly lost: Promise<DeviceLostInfo>;
}

/** The device's reports so far. */
export interface DeviceHealth {
  /** Validation and other uncaptured errors, in order (each message's first line). */
  readonly errors: readonly string[];
  /** How the device was lost, when it was. */
  readonly lost?: string;
  /**
   * Throws when the device reported an error or was lost: from then on, results are not valid.
   *
   * @throws BackendError naming the first error, or the loss
   */
  check(): void;
}

/**
 * Starts watching a device. The reports are kept: once a device has reported an error, every later
 * check throws too.
 *
 * @param device - the device tfjs runs on
 * @returns the device's health
 */
export function watchDevice(device: WatchedDevice): DeviceHealth {
  const errors: string[] = [];
  let lost: string | undefined;
  device.addEventListener('uncapturederror', (event) => {
    errors.push((event.error?.message ?? 'an unknown WebGPU error').split('\n')[0]!);
  });
  void device.lost.then((info) => {
    lost = `${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`;
  });
  return {
    errors,
    get lost() {
      return lost;
    },
    check() {
      if (lost !== undefined) {
        throw new BackendError('webgpu', `The GPU device was lost (${lost}); results computed since are not valid.`, 'Resume the run (lrlab resume <run dir>): it continues from its last checkpoint on a new device.');
      }
      if (errors.length > 0) {
        throw new BackendError(
          'webgpu',
          `WebGPU reported ${errors.length} error${errors.length === 1 ? '' : 's'} on this device (the first: ${errors[0]}); results computed since are not valid.`,
          "A kernel cannot run on this adapter: report it with `lrlab doctor --backend webgpu`'s output, and resume the run on another backend (lrlab resume <run dir> --allow-runtime-change).",
        );
      }
    },
  };
}
