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
