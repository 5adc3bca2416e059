// HQ's dispatch board (/dispatch), the dispatch dialog and the map's group layer.
const dispatch = {
  title: 'Dispatch',
};

export default dispatch;
