// The HQ results page (/results): parallel tabulation, coverage map.
const results = {
  title: 'Results',
};

export default results;
