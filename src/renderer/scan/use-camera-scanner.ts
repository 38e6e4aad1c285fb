import { useEffect, useRef, useState, type RefObject } from 'react';
import { cameraProblem, type CameraProblem } from './camera-problem.js';
import { createDecodeClient, type DecodeClient } from './decode-client.js';
import { pageStorage, readDecoderSetting } from './decoder-setting.js';
import { type DecodedCode, type DecoderName } from './frame-decoder.js';

export type CameraStatus =
  | { readonly kind: 'off' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'problem'; readonly problem: CameraProblem };

export interface CameraScanner {
  readonly videoRef: RefObject<HTMLVideoElement | null>;
  readonly status: CameraStatus;
  readonly cameras: readonly MediaDeviceInfo[];
  readonly decoder: DecoderName;
  /** Set when the chosen decoder failed and the scanner switched to the other one. */
  readonly decoderProblem: { readonly message: string; readonly switchedTo: DecoderName } | null;
}

interface Options {
  /** Camera on. Turning it off (or unmounting) stops every track, so the camera light goes out. */
  readonly on: boolean;
  /** '' = the browser's choice (the back camera on a tablet). */
  readonly deviceId: string;
  /** While true, frames are not decoded (a payment is in progress); the picture stays live. */
  readonly paused: boolean;
  readonly onCode: (code: DecodedCode) => void;
}

/** ~15 decodes a second: a code held up is read well within a second, and a 2-core till keeps its breath. */
const FRAME_INTERVAL_MS = 66;

function constraints(deviceId: string): MediaStreamConstraints {
  const size = { width: { ideal: 1280 }, height: { ideal: 720 } };
  return {
    audio: false,
    video: deviceId ? { ...size, deviceId: { exact: deviceId } } : { ...size, facingMode: 'environment' },
  };
}

/**
 * The camera and its decode loop. Frames are grabbed from the <video> into an OffscreenCanvas and sent to
 * the decode worker one at a time: the next frame leaves only after the last answer, so a slow decode drops
 * frames instead of queueing them.
 */
export function useCameraScanner({ on, deviceId, paused, onCode }: Options): CameraScanner {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [status, setStatus] = useState<CameraStatus>({ kind: 'off' });
  const [cameras, setCameras] = useState<readonly MediaDeviceInfo[]>([]);
  const [decoder, setDecoderState] = useState<DecoderName>(() => readDecoderSetting(pageStorage()));
  const [decoderProblem, setDecoderProblem] = useState<CameraScanner['decoderProblem']>(null);
  const client = useRef<DecodeClient | null>(null);
  const pausedRef = useRef(paused);
  const onCodeRef = useRef(onCode);
  const decoderRef = useRef(decoder);
  useEffect(() => {
    pausedRef.current = paused;
    onCodeRef.current = onCode;
  }, [paused, onCode]);

  useEffect(() => {
    if (!on) {
      setStatus({ kind: 'off' });
      return;
    }
    let live = true;
    let stream: MediaStream | null = null;
    let attached: HTMLVideoElement | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const decodes = createDecodeClient();
    decodes.use(decoderRef.current);
    client.current = decodes;
    const canvas = new OffscreenCanvas(1, 1);
    const context = canvas.getContext('2d', { willReadFrequently: true });

    const tick = async () => {
      const video = videoRef.current;
      if (!live) return;
      if (video && context && !pausedRef.current && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        const { videoWidth: width, videoHeight: height } = video;
        if (width > 0 && height > 0) {
          if (canvas.width !== width || canvas.height !== height) {
            canvas.width = width;
            canvas.height = height;
          }
          context.drawImage(video, 0, 0, width, height);
          try {
            const result = await decodes.decode(context.getImageData(0, 0, width, height));
            if (live && result.code && !pausedRef.current) onCodeRef.current(result.code);
          } catch (error) {
            if (!live) return;
            // zxing's .wasm failing to load must not leave the cashier without a camera: fall back to jsQR.
            const other: DecoderName = decoderRef.current === 'zxing' ? 'jsqr' : 'zxing';
            const message = error instanceof Error ? error.message : String(error);
            decoderRef.current = other;
            setDecoderState(other);
            setDecoderProblem({ message, switchedTo: other });
            decodes.use(other);
          }
        }
      }
      if (live) timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
    };

    const start = async () => {
      setStatus({ kind: 'starting' });
      if (!navigator.mediaDevices?.getUserMedia) {
        setStatus({ kind: 'problem', problem: cameraProblem(new TypeError('no mediaDevices')) });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia(constraints(deviceId));
      } catch (error) {
        if (live) setStatus({ kind: 'problem', problem: cameraProblem(error) });
        return;
      }
      if (!live) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      const video = videoRef.current;
      if (video) {
        attached = video;
        video.srcObject = stream;
        await video.play().catch(() => undefined);
      }
      setStatus({ kind: 'live' });
      // Labels are only filled in once permission is granted, so list the cameras after getUserMedia.
      const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
      if (live) setCameras(devices.filter((device) => device.kind === 'videoinput'));
      void tick();
    };
    void start();

    return () => {
      live = false;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      if (attached) attached.srcObject = null;
      decodes.close();
      if (client.current === decodes) client.current = null;
    };
  }, [on, deviceId]);

  return { videoRef, status, cameras, decoder, decoderProblem };
}
