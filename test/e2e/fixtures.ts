/** Documents the browser tests open through the file picker. */

/** input 32×32×3 → `wide` Conv2D (16) and `narrow` Conv2D (8), and an Add (wired when `wired`). */
export function twoBranches(wired = false) {
  const edges = [
    { id: 'e1', source: 'input', sourcePort: 0, target: 'wide', targetPort: 0 },
    { id: 'e2', source: 'input', sourcePort: 0, target: 'narrow', targetPort: 0 },
  ];
  if (wired)
    edges.push(
      { id: 'e3', source: 'wide', sourcePort: 0, target: 'add', targetPort: 0 },
      { id: 'e4', source: 'narrow', sourcePort: 0, target: 'add', targetPort: 1 },
    );
  return {
    format: 'skipwire',
    version: 1,
    name: 'two_branches',
    nodes: [
      { id: 'input', type: 'input', name: 'input', params: { shape: [32, 32, 3] }, position: { x: 230, y: 0 } },
      {
        id: 'wide',
        type: 'conv2d',
        name: 'wide',
        params: { filters: 16, kernelSize: [3, 3], padding: 'same' },
        position: { x: 0, y: 170 },
      },
      {
        id: 'narrow',
        type: 'conv2d',
        name: 'narrow',
        params: { filters: 8, kernelSize: [3, 3], padding: 'same' },
        position: { x: 460, y: 170 },
      },
      { id: 'add', type: 'add', name: 'add', params: {}, position: { x: 230, y: 380 } },
    ],
    edges,
    blocks: [],
    metadata: {},
  };
}
