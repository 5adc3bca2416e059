/// <reference types="vite/client" />

declare module 'virtual:kazakhstan-outline' {
  import type { MultiPolygon } from 'geojson';
  const outline: MultiPolygon;
  export default outline;
}
