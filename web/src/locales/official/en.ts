// Official results (/official): import and comparison with our copies.
const official = {
  title: 'Official results',
};

export default official;
