// Campaign findings: the map layer, the weekly timeline and the periodic report.
const findingsViews = {
  mapTitle: 'Findings on the map',
  timelineTitle: 'Findings by week',
  reportTitle: 'Periodic report',
};

export default findingsViews;
