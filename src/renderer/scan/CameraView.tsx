import { useId, useState } from 'react';
import { useI18n } from '../hooks/i18n-context.js';
import { decoderLabels } from './decoder-labels.js';
import type { DecodedCode } from './frame-decoder.js';
import { useCameraScanner } from './use-camera-scanner.js';

interface CameraViewProps {
  /** While true the picture stays but no frame is decoded (a charge is in progress). */
  readonly paused: boolean;
  readonly onCode: (code: DecodedCode) => void;
}

/**
 * The camera with its controls: which camera, mirror (a front camera shows the customer a mirror image),
 * on/off. Which decoder reads the frames is a setting (Settings screen), not a cashier's control. The camera
 * starts when this view opens and every track stops when it closes.
 */
export function CameraView({ paused, onCode }: CameraViewProps) {
  const { t } = useI18n();
  const [on, setOn] = useState(true);
  const [deviceId, setDeviceId] = useState('');
  const [mirror, setMirror] = useState(false);
  const [lastFormat, setLastFormat] = useState<string | null>(null);
  const pickerId = useId();
  const camera = useCameraScanner({
    on,
    deviceId,
    paused,
    onCode: (code) => {
      setLastFormat(code.format);
      onCode(code);
    },
  });
  const { status } = camera;

  return (
    <section aria-label={t('camera.region')} className="camera">
      <video
        ref={camera.videoRef}
        aria-label={t('camera.video')}
        className={mirror ? 'camera-video mirrored' : 'camera-video'}
        muted
        playsInline
        hidden={status.kind !== 'live' && status.kind !== 'starting'}
      />
      <p role="status" className="camera-status">
        {status.kind === 'starting' && t('camera.starting')}
        {status.kind === 'live' &&
          (lastFormat ? t('camera.read', { format: lastFormat }) : t('camera.scanning'))}
      </p>
      {status.kind === 'problem' && (
        <p role="alert" className="camera-problem">
          {t(status.problem.key, { message: status.problem.message })}
        </p>
      )}
      {camera.decoderProblem && (
        <p role="alert" className="camera-problem">
          {t('camera.decoderFailed', {
            message: camera.decoderProblem.message,
            decoder: decoderLabels[camera.decoderProblem.switchedTo],
          })}
        </p>
      )}
      <div className="camera-controls">
        <label htmlFor={pickerId}>{t('camera.picker')}</label>
        <select id={pickerId} value={deviceId} onChange={(event) => setDeviceId(event.target.value)}>
          <option value="">{t('camera.default')}</option>
          {camera.cameras.map((device, index) => (
            <option key={device.deviceId || index} value={device.deviceId}>
              {device.label || `${t('camera.picker')} ${index + 1}`}
            </option>
          ))}
        </select>
        <button type="button" aria-pressed={mirror} onClick={() => setMirror((m) => !m)}>
          {t('camera.mirror')}
        </button>
        <button type="button" onClick={() => setOn((value) => !value)}>
          {on ? t('camera.stop') : t('camera.start')}
        </button>
      </div>
    </section>
  );
}
