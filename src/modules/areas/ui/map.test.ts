import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AreaMap, type MapFeature, placeLabels, placeMarkers } from './map.tsx';

const square: MapFeature = {
  key: 'a',
  name: 'Kiez',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [13.3, 52.5],
        [13.4, 52.5],
        [13.4, 52.56],
        [13.3, 52.56],
        [13.3, 52.5],
      ],
    ],
  },
};

type Box = [number, number, number, number];
const boxOf = (m: ReturnType<typeof placeLabels>[number]): Box | undefined => {
  if (!m.label) return undefined;
  const w = m.name.length * 13 * 0.56;
  const x0 =
    m.label.anchor === 'start' ? m.label.x : m.label.anchor === 'end' ? m.label.x - w : m.label.x - w / 2;
  return [x0, m.label.y - 13, x0 + w, m.label.y + 2];
};

describe('area map markers', () => {
  it('puts each name where it covers no other name, and leaves one out rather than overlap', () => {
    const at = (key: string, x: number, y: number) => ({
      key,
      name: `Treffpunkt ${key}`,
      lon: 0,
      lat: 0,
      kind: 'venue' as const,
      x,
      y,
    });
    // Five places almost on one spot: not every name fits; those shown never overlap.
    const placed = placeLabels(
      [at('1', 300, 200), at('2', 304, 202), at('3', 298, 206), at('4', 302, 196), at('5', 300, 210)],
      600,
      420,
    );
    expect(placed.map((m) => m.number)).toEqual([1, 2, 3, 4, 5]);
    const boxes = placed.map(boxOf).filter((b): b is Box => !!b);
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.length).toBeLessThan(5);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        expect(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]).toBe(false);
      }
    // Near the right edge the name goes to the left instead of off the map.
    expect(placeLabels([at('r', 590, 200)], 600, 420)[0].label?.anchor).toBe('end');
  });

  it('draws numbered markers with names inside the titled SVG and leaves out places off the map', () => {
    const markers = placeMarkers(
      [square],
      [
        { key: 'h', name: 'Nachbarschaftshaus Nord', lon: 13.35, lat: 52.55, kind: 'house' },
        { key: 'v', name: 'Stadtteilladen', lon: 13.32, lat: 52.51, kind: 'venue' },
        { key: 'far', name: 'Weit weg', lon: 14.5, lat: 53.5, kind: 'venue' },
      ],
    );
    expect(markers.map((m) => [m.number, m.name])).toEqual([
      [1, 'Nachbarschaftshaus Nord'],
      [2, 'Stadtteilladen'],
    ]);
    const html = renderToString(
      createElement(AreaMap, { title: 'Karte von Kiez', features: [square], markers }),
    );
    expect(html).toContain('<title');
    expect(html).toContain('Karte von Kiez');
    expect(html).toContain('q-map__marker--house');
    expect(html).toContain('>Nachbarschaftshaus Nord</text>');
    expect(html).toContain('>Stadtteilladen</text>');
    expect(html).not.toContain('Weit weg');
  });
});
