/**
 * What GPU WebGL would run on, read once from the renderer string (WEBGL_debug_renderer_info):
 * a software renderer (SwiftShader, llvmpipe) runs shaders on the CPU, far slower than wasm.
 */

export interface GpuInfo {
  /** The unmasked renderer string, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))". */
  readonly renderer: string;
  /** True when the renderer draws in software on the CPU. */
  readonly software: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Classifies a renderer string. */
export function gpuFromRenderer(renderer: string): GpuInfo {
  return { renderer, software: SOFTWARE.test(renderer) };
}

interface GlLike {
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(p: number): unknown;
  readonly RENDERER: number;
}

/** The GPU WebGL would use here, or undefined where there is no WebGL (Node, no OffscreenCanvas). */
export function probeGpu(): GpuInfo | undefined {
  const Canvas = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(k: string): unknown } })
    .OffscreenCanvas;
  if (!Canvas) return undefined;
  try {
    const gl = (new Canvas(1, 1).getContext('webgl2') ?? new Canvas(1, 1).getContext('webgl')) as GlLike | null;
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return gpuFromRenderer(String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)));
  } catch {
    return undefined; // no usable WebGL: treated as no GPU
  }
}

interface GpuAdapterLike {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string };
}
interface NavigatorGpu {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** What `navigator.gpu` offers here: its adapter ("google swiftshader"), or why there is none. */
export async function probeWebgpu(): Promise<{ readonly adapter?: GpuInfo; readonly none?: string }> {
  const gpu = (globalThis as { navigator?: { gpu?: NavigatorGpu } }).navigator?.gpu;
  if (!gpu) return { none: 'this browser offers no WebGPU (no navigator.gpu)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { none: 'navigator.gpu gives no adapter' };
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
    return { adapter: gpuFromRenderer(name) };
  } catch (e) {
    return { none: `navigator.gpu.requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * A backend loader (backend.ts `BackendLoader`) for webgpu: registers tfjs-backend-webgpu (same
 * version as tfjs) when `navigator.gpu` gives an adapter, and otherwise fails with the reason, which
 * the service reports as the fallback's.
 */
export function webgpuLoader(loadTf: () => Promise<unknown>): () => Promise<void> {
  let registered: Promise<void> | undefined;
  return async () => {
    const probe = await probeWebgpu();
    if (!probe.adapter) throw new Error(probe.none);
    await loadTf(); // tfjs-core first, so the backend registers with the same engine
    registered ??= import('@tensorflow/tfjs-backend-webgpu').then(() => undefined);
    await registered;
  };
}
