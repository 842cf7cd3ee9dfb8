/**
 * Sizes a canvas for the screen's pixel density (crisp on HiDPI) and returns its 2D context drawing in CSS pixels,
 * cleared to `fill`: the common start of the ruler's and the filmstrip's redraws.
 */
export function cssPixelCanvas(c: HTMLCanvasElement, width: number, height: number, fill: string): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  c.width = Math.round(width * dpr);
  c.height = Math.round(height * dpr);
  const g = c.getContext('2d')!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.fillStyle = fill;
  g.fillRect(0, 0, width, height);
  return g;
}
