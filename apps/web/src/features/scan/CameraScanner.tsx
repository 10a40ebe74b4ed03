import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../design/components.tsx';
import { decodePixels, pixelsOf } from './decode.ts';

type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'none' | 'failed';
/** How often a frame is read (jsQR takes a few milliseconds per frame on a phone). */
const FRAME_MS = 250;

/** Why the camera did not start, from getUserMedia's error name. */
function cameraProblem(e: unknown): CameraState {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'none';
  return 'failed';
}

/**
 * The camera (the back one when there are two) with frames read every quarter second; the first code
 * found is handed to `onText` and the camera closes. It opens on a tap (the browser asks once), or at
 * once when the site already may use it.
 */
export function CameraScanner({ onText }: { onText: (text: string) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<CameraState>('off');
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const found = useRef(onText);
  found.current = onText;

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState((s) => (s === 'on' || s === 'starting' ? 'off' : s));
  }, []);

  const starting = useRef(false);
  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) return setState('none');
    // A tap while the permission check is already opening it (or twice) opens one camera.
    if (starting.current || stream.current) return;
    starting.current = true;
    setState('starting');
    try {
      const s = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } },
        audio: false,
      });
      stream.current = s;
      if (!video.current) return stop();
      video.current.srcObject = s;
      await video.current.play();
      setState('on');
    } catch (e) {
      stop();
      setState(cameraProblem(e));
    } finally {
      starting.current = false;
    }
  }, [stop]);

  // Already allowed (asked before): open at once, like a wallet's scanner does.
  useEffect(() => {
    let live = true;
    navigator.permissions
      ?.query({ name: 'camera' as PermissionName })
      .then((p) => {
        if (live && p.state === 'granted') void start();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      for (const track of stream.current?.getTracks() ?? []) track.stop();
    };
  }, [start]);

  // Read a frame every FRAME_MS while the camera is on.
  useEffect(() => {
    if (state !== 'on') return;
    const canvas = document.createElement('canvas');
    let busy = false;
    const timer = setInterval(async () => {
      const v = video.current;
      if (busy || !v || v.readyState < 2 || !v.videoWidth) return;
      busy = true;
      const pixels = pixelsOf(v, v.videoWidth, v.videoHeight, canvas);
      const text = pixels ? await decodePixels(pixels) : null;
      busy = false;
      if (text && stream.current) {
        stop();
        found.current(text);
      }
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [state, stop]);

  const on = state === 'on' || state === 'starting';
  const problem =
    state === 'denied'
      ? t('scan.camera.denied')
      : state === 'none'
        ? t('scan.camera.none')
        : state === 'failed'
          ? t('scan.camera.failed')
          : null;
  return (
    <div className="yb-stack">
      <div className="yb-scan-view" hidden={!on}>
        <video ref={video} muted playsInline aria-label={t('scan.camera.label')} />
        <div className="yb-scan-frame" aria-hidden="true" />
      </div>
      {on ? <p className="yb-small">{t('scan.camera.aim')}</p> : null}
      {problem ? <Alert>{problem}</Alert> : null}
      {on ? (
        <Button variant="secondary" block onClick={stop}>
          {t('scan.camera.stop')}
        </Button>
      ) : (
        <Button block onClick={() => void start()}>
          {t('scan.camera.start')}
        </Button>
      )}
    </div>
  );
}
