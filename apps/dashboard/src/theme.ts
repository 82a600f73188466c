/** Canvas colours (charts draw on canvas, so they cannot read the stylesheet's classes). */
export const COLORS = {
  axis: '#9aa4b2',
  grid: 'rgba(154, 164, 178, 0.12)',
  mean: '#5794f2',
  envelope: 'rgba(87, 148, 242, 0.18)',
  envelopeEdge: 'rgba(87, 148, 242, 0.45)',
  expected: '#73bf69',
  band: 'rgba(115, 191, 105, 0.12)',
  bandEdge: 'rgba(115, 191, 105, 0.55)',
  episode: 'rgba(242, 73, 92, 0.16)',
  episodeEdge: 'rgba(242, 73, 92, 0.85)',
  episodeText: '#ff7383',
  deployment: '#b877d9',
  sparkStable: '#73bf69',
  sparkDrift: '#f2495c',
  sparkLearning: '#9aa4b2',
};
