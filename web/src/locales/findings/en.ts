// Campaign findings (/findings): the list, the form and a finding's page.
const findings = {
  title: 'Campaign findings',
  tabs: {
    label: 'Findings',
    list: 'List',
    map: 'Map',
    timeline: 'Timeline',
    report: 'Report',
    new: 'New finding',
  },
};

export default findings;
