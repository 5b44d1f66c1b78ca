// The sample's page: plots one day of a dataset, logs where each answer came from (the headers
// TimeSeriesController sets), and shows every cache's statistics from /actuator/cache.
// Plain JavaScript and SVG, no library: the page works offline.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const MARGIN = { left: 56, right: 24, top: 16, bottom: 32 };
const STATS_INTERVAL_MS = 1000;

const $ = (id) => document.getElementById(id);
let requestCount = 0;

document.addEventListener('DOMContentLoaded', async () => {
	$('query').addEventListener('submit', (event) => {
		event.preventDefault();
		plot();
	});
	$('evict').addEventListener('click', evict);
	pollStats();
	await loadDatasets();
	plot();
});

// The catalog fills the dataset list; ?dataset=...&day=... in the address picks the first plot.
async function loadDatasets() {
	setStatus('Loading the catalog…');
	const response = await fetch('datasets');
	const datasets = await response.json();
	const wanted = new URLSearchParams(location.search);
	const select = $('dataset');
	for (const name of datasets) {
		select.append(new Option(name, name, false, name === wanted.get('dataset')));
	}
	if (wanted.has('day')) {
		$('day').value = wanted.get('day');
	}
	setStatus('');
}

async function plot() {
	const dataset = $('dataset').value;
	const day = $('day').value;
	if (!dataset || !day) {
		return;
	}
	const from = day + 'T00:00:00Z';
	const to = new Date(Date.parse(from) + 86_400_000).toISOString().replace('.000Z', 'Z');
	const url = `datasets/${encodeURIComponent(dataset)}/data?from=${from}&to=${to}`;
	history.replaceState(null, '', `?dataset=${encodeURIComponent(dataset)}&day=${day}`);
	busy(true);
	setStatus(`Asking for ${dataset} on ${day}…`);
	const started = performance.now();
	try {
		const response = await fetch(url);
		const roundTrip = performance.now() - started;
		const body = await response.json();
		if (!response.ok) {
			setStatus(`${response.status}: ${body.error || body.message || response.statusText}`);
			return;
		}
		const source = response.headers.get('X-Cache-Source') || '?';
		logRequest({
			dataset, day, source,
			cache: response.headers.get('X-Cache-Name') || '?',
			serverMs: Number(response.headers.get('X-Elapsed-Ms')),
			roundTripMs: roundTrip,
		});
		drawSeries(body, source);
		setStatus('');
	}
	catch (error) {
		setStatus('Request failed: ' + error);
	}
	finally {
		busy(false);
	}
}

async function evict() {
	const dataset = $('dataset').value;
	const response = await fetch(`datasets/${encodeURIComponent(dataset)}/cache`, { method: 'DELETE' });
	const body = await response.json();
	setStatus(`Evicted ${body.evicted} entr${body.evicted === 1 ? 'y' : 'ies'} tagged ${dataset}.`);
	refreshStats();
}

function busy(on) {
	$('plot').disabled = on;
	$('evict').disabled = on;
}

function setStatus(text) {
	$('status').textContent = text;
}

function logRequest(entry) {
	requestCount++;
	const row = document.createElement('tr');
	row.dataset.source = entry.source;
	row.dataset.cache = entry.cache;
	const badge = el('span', 'badge ' + entry.source, entry.source);
	const cells = [
		text(String(requestCount)),
		text(clock()),
		text(entry.dataset),
		text(entry.day),
		text(entry.cache),
		badge,
		text(formatMillis(entry.serverMs), 'num'),
		text(formatMillis(entry.roundTripMs), 'num'),
	];
	for (const cell of cells) {
		row.append(cell.tagName === 'TD' ? cell : wrap(cell));
	}
	$('requests').tBodies[0].prepend(row);
}

function text(value, className) {
	return el('td', className, value);
}

function wrap(child) {
	const td = document.createElement('td');
	td.append(child);
	return td;
}

function el(tag, className, content) {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}
	if (content !== undefined) {
		node.textContent = content;
	}
	return node;
}

function svg(tag, attributes, content) {
	const node = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) {
		node.setAttribute(name, value);
	}
	if (content !== undefined) {
		node.textContent = content;
	}
	return node;
}

function drawSeries(series, source) {
	const values = series.values;
	const chart = $('chart');
	chart.replaceChildren();
	// one SVG unit per CSS pixel, so that text is never stretched
	const width = chart.clientWidth || 800;
	const height = chart.clientHeight || 320;
	chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
	$('plot-title').textContent = `${series.dataset}, ${series.from.slice(0, 10)} (UTC): ${values.length} values, from the ${source}`;
	if (values.length === 0) {
		return;
	}
	const x0 = MARGIN.left;
	const x1 = width - MARGIN.right;
	const y0 = height - MARGIN.bottom;
	const y1 = MARGIN.top;
	const [low, high, step] = niceRange(Math.min(...values), Math.max(...values));
	const start = Date.parse(series.from);
	const span = Date.parse(series.to) - start;
	const xAt = (i) => x0 + (x1 - x0) * (i * 60_000) / span;
	const yAt = (v) => y0 - (y0 - y1) * (v - low) / (high - low);

	for (let v = low; v <= high + step / 2; v += step) {
		const y = yAt(v).toFixed(1);
		chart.append(svg('line', { class: 'grid', x1: x0, x2: x1, y1: y, y2: y }));
		chart.append(svg('text', { x: x0 - 6, y: Number(y) + 4, 'text-anchor': 'end' }, formatNumber(v)));
	}
	for (let hour = 0; hour * 3_600_000 <= span; hour += 3) {
		const x = (x0 + (x1 - x0) * hour * 3_600_000 / span).toFixed(1);
		chart.append(svg('line', { class: 'grid', x1: x, x2: x, y1: y1, y2: y0 }));
		chart.append(svg('text', { x, y: y0 + 18, 'text-anchor': 'middle' }, String(hour).padStart(2, '0') + ':00'));
	}
	chart.append(svg('line', { class: 'axis', x1: x0, x2: x1, y1: y0, y2: y0 }));
	chart.append(svg('line', { class: 'axis', x1: x0, x2: x0, y1: y1, y2: y0 }));
	const points = values.map((v, i) => xAt(i).toFixed(1) + ',' + yAt(v).toFixed(1)).join(' ');
	chart.append(svg('polyline', { class: 'series', points, 'data-points': values.length }));
}

// Rounds [min, max] out to about five round steps (1, 2 or 5 times a power of ten).
function niceRange(min, max) {
	if (min === max) {
		min -= 1;
		max += 1;
	}
	const rough = (max - min) / 5;
	const power = Math.pow(10, Math.floor(Math.log10(rough)));
	const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
	return [Math.floor(min / step) * step, Math.ceil(max / step) * step, step];
}

function clock() {
	return new Date().toTimeString().slice(0, 8);
}

function formatNumber(v) {
	return Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
}

function formatMillis(ms) {
	return Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)) + ' ms' : '?';
}

function formatBytes(bytes) {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return (unit === 0 || value >= 100 ? value.toFixed(0) : value.toFixed(1)) + ' ' + units[unit];
}

async function pollStats() {
	await refreshStats();
	setTimeout(pollStats, STATS_INTERVAL_MS);
}

async function refreshStats() {
	try {
		const response = await fetch('actuator/cache', { headers: { Accept: 'application/json' } });
		if (!response.ok) {
			throw new Error('HTTP ' + response.status);
		}
		const body = await response.json();
		renderCaches(body.caches || {});
		$('caches-updated').textContent = 'updated ' + clock();
	}
	catch (error) {
		$('caches-updated').textContent = '(/actuator/cache unavailable: ' + error.message + ')';
	}
}

function renderCaches(caches) {
	const container = $('caches');
	const names = Object.keys(caches).sort();
	if (names.length === 0) {
		container.replaceChildren(el('p', 'hint', 'No cache yet: they are created on first use.'));
		return;
	}
	container.replaceChildren(...names.map((name) => cacheCard(name, caches[name])));
}

function cacheCard(name, stats) {
	const card = el('div', 'cache-card');
	card.dataset.cache = name;
	const title = el('h3', null, name);
	title.append(el('small', null, stats.evictionPolicy + (stats.timeToLive ? ', TTL ' + stats.timeToLive : '')));
	card.append(title);

	const budget = stats.maxSizeBytes;
	const used = budget > 0 ? stats.sizeBytes / budget : 0;
	card.append(caption('size', formatBytes(stats.sizeBytes) + ' of '
			+ (budget > 0 ? formatBytes(budget) + ' (' + percent(used) + ')' : 'no budget')));
	card.append(bar('size', used));
	const lookups = stats.hits + stats.misses;
	card.append(caption('hit ratio', lookups > 0 ? percent(stats.hitRatio) : '–'));
	card.append(bar('hits', lookups > 0 ? stats.hitRatio : 0));

	const list = el('dl');
	for (const [label, key] of [['entries', 'entries'], ['hits', 'hits'], ['misses', 'misses'], ['puts', 'puts'],
			['evictions', 'evictions'], ['expirations', 'expirations']]) {
		list.append(el('dt', null, label));
		const value = el('dd', null, String(stats[key]));
		value.dataset.stat = key;
		list.append(value);
	}
	card.append(list);
	return card;
}

function caption(label, value) {
	const row = el('div', 'caption');
	row.append(el('span', null, label), el('span', null, value));
	return row;
}

function bar(kind, fraction) {
	const outer = el('div', 'bar ' + kind);
	const inner = el('div');
	inner.style.width = (Math.min(1, Math.max(0, fraction)) * 100).toFixed(2) + '%';
	outer.dataset.fraction = String(fraction);
	outer.append(inner);
	return outer;
}

function percent(fraction) {
	const p = fraction * 100;
	return (p === 0 || p >= 10 ? p.toFixed(0) : p < 0.01 ? '<0.01' : p.toFixed(2)) + '%';
}
