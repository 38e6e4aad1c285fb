import { useEffect, useRef } from 'react';
import type { DecodedCode } from '../scan/frame-decoder.js';

/** Where a customer's payment code came from, as payment.chargeCode records it. */
export type CodeSource = 'camera' | 'scanner';
/** What a payment screen gives the wedge scanner while it is open: the code it read. */
export type ScanHandler = (code: string) => void;

/**
 * A payment screen's two ways of reading a customer's code: the wedge scanner (registered while the screen is
 * open, always calling the latest `charge`) and the camera, which sees the same code in many frames: it is
 * charged once, and not while a charge is being sent or an attempt is still under way (`paused`).
 */
export function useCodeScans(
  charge: (code: string, source: CodeSource) => void,
  registerScanHandler: (handler: ScanHandler | null) => void,
  paused: boolean,
): (code: DecodedCode) => void {
  const lastCameraCode = useRef<string | null>(null);
  const chargeRef = useRef(charge);
  useEffect(() => {
    chargeRef.current = charge;
  }, [charge]);
  useEffect(() => {
    registerScanHandler((code) => chargeRef.current(code, 'scanner'));
    return () => registerScanHandler(null);
  }, [registerScanHandler]);
  return (code) => {
    if (paused || code.text === lastCameraCode.current) return;
    lastCameraCode.current = code.text;
    charge(code.text, 'camera');
  };
}
