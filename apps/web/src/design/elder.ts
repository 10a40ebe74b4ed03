/** Elder mode (长辈模式): a `data-elder` attribute on <html> switches to the larger tokens. */
const KEY = 'yb.elder';

export function isElderMode(): boolean {
  return localStorage.getItem(KEY) === '1';
}

export function setElderMode(on: boolean) {
  localStorage.setItem(KEY, on ? '1' : '0');
  applyElderMode(on);
}

export function applyElderMode(on = isElderMode()) {
  if (on) document.documentElement.setAttribute('data-elder', '');
  else document.documentElement.removeAttribute('data-elder');
}
