import { describe, expect, it } from 'vitest';
import { md, type Card } from '../../src/core/messages';
import { cardHtml } from '../../src/web/render/card';
import { chartSvg } from '../../src/web/render/chart';
import { markdownToHtml, plainTextToHtml } from '../../src/web/render/markdown';

describe('card markdown as HTML', () => {
  it('renders bold, code, bullet and numbered lists, continuation lines and paragraphs', () => {
    expect(markdownToHtml('**状态：已批准**\n审批流程\n1. 赵明 — ✅ 同意\n2. 陈志远 — ⏳ 待处理')).toBe(
      '<p><strong>状态：已批准</strong><br>审批流程</p><ol><li>赵明 — ✅ 同意</li><li>陈志远 — ⏳ 待处理</li></ol>',
    );
    expect(markdownToHtml('**报告**\n- 住建局 第1轮：已退回\n  已完成排查\n- 兴隆镇 `/签收 DB-2026-0001`')).toBe(
      '<p><strong>报告</strong></p><ul><li>住建局 第1轮：已退回<br>已完成排查</li><li>兴隆镇 <code>/签收 DB-2026-0001</code></li></ul>',
    );
    expect(markdownToHtml('3. 第三步\n4. 第四步')).toBe('<ol start="3"><li>第三步</li><li>第四步</li></ol>');
    expect(markdownToHtml('第一段\n\n第二段')).toBe('<p>第一段</p><p>第二段</p>');
  });

  it('escapes every character of markup, so card text cannot inject HTML', () => {
    expect(markdownToHtml('<script>alert(1)</script> & "引号"')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;</p>');
    expect(markdownToHtml('**<img src=x onerror=alert(1)>**')).toBe('<p><strong>&lt;img src=x onerror=alert(1)&gt;</strong></p>');
  });

  it('links only to web addresses and this service’s paths', () => {
    expect(markdownToHtml('[下载](/exports/ledger.xlsx?token=a&b=1)')).toBe('<p><a href="/exports/ledger.xlsx?token=a&amp;b=1">下载</a></p>');
    expect(markdownToHtml('[点我](javascript:alert(1))')).toBe('<p>[点我](javascript:alert(1))</p>');
    expect(plainTextToHtml('Excel：/exports/ledger.xlsx?token=abc\n<b>')).toBe(
      'Excel：<a href="/exports/ledger.xlsx?token=abc">/exports/ledger.xlsx?token=abc</a><br>&lt;b&gt;',
    );
  });

  it('links in the bot’s text messages only its own export links, never an address someone typed', () => {
    expect(plainTextToHtml('Excel：https://duban.example.gov.cn/exports/ledger.xlsx?token=abc')).toBe(
      'Excel：<a href="https://duban.example.gov.cn/exports/ledger.xlsx?token=abc">https://duban.example.gov.cn/exports/ledger.xlsx?token=abc</a>',
    );
    expect(plainTextToHtml('已收到：详情见 https://evil.example/login')).toBe('已收到：详情见 https://evil.example/login');
  });
});

describe('chart block as inline SVG bars', () => {
  const chart = {
    type: 'chart' as const,
    title: '各单位督查事项办理情况',
    categories: ['住建局', '兴隆镇'],
    series: [
      { name: '在办', values: [2, 1] },
      { name: '逾期', values: [1, 0] },
    ],
  };

  it('draws one bar per category and series, scaled to the largest value, with the figures written out', () => {
    const svg = chartSvg(chart);
    const bars = [
      ...svg.matchAll(/<rect x="84" y="[\d.]+" width="(\d+)" height="8" fill="[^"]+" data-series="([^"]+)" data-category="([^"]+)" data-value="(\d+)"/g),
    ].map((m) => [m[3], m[2], Number(m[4]), Number(m[1])]);
    expect(bars).toEqual([
      ['住建局', '在办', 2, 248],
      ['住建局', '逾期', 1, 124],
      ['兴隆镇', '在办', 1, 124],
      ['兴隆镇', '逾期', 0, 0],
    ]);
    expect(svg).toContain('<figcaption>各单位督查事项办理情况</figcaption>');
    expect(svg).toContain('aria-label="各单位督查事项办理情况。住建局：在办 2，逾期 1；兴隆镇：在办 1，逾期 0"');
  });

  it('escapes names and survives all-zero data', () => {
    const svg = chartSvg({ ...chart, categories: ['<b>局'], series: [{ name: '在办', values: [0] }] });
    expect(svg).not.toContain('<b>局');
    expect(svg).toContain('&lt;b&gt;局');
    expect(svg).toContain('data-value="0"');
  });
});

describe('card as HTML, from the core message model', () => {
  const card: Card = {
    title: '驳回请假申请 · 马军（编号 3）',
    colour: 'red',
    blocks: [
      {
        type: 'fields',
        fields: [
          { label: '外出日期', value: '2026-12-04（周五）' },
          { label: '性质', value: '**因私**' },
        ],
      },
      { type: 'divider' },
      {
        type: 'buttons',
        buttons: [
          { label: '同意', action: 'leave.approve', payload: { id: '3', step: '0' }, style: 'primary' },
          { label: '撤回', action: 'leave.withdraw', command: '/撤回 3' },
        ],
      },
      {
        type: 'form',
        name: 'reject',
        inputs: [
          { kind: 'textarea', name: 'reason', label: '驳回理由', required: true, placeholder: '请写明理由' },
          { kind: 'date', name: 'date', label: '日期', initial: '2026-12-01' },
          {
            kind: 'select',
            name: 'leader',
            label: '领导',
            required: true,
            initial: 'zhaoming',
            options: [
              { label: '赵明', value: 'zhaoming' },
              { label: '孙强', value: 'sunqiang' },
            ],
          },
          { kind: 'select', name: 'scope', label: '范围', options: [{ label: '出省', value: 'province' }] },
          { kind: 'text', name: 'title', label: '标题' },
        ],
        submit: { label: '确认驳回', action: 'leave.reject', payload: { id: '3', confirm: '1' }, style: 'danger' },
      },
      { type: 'note', text: md`依据《工作规则》第六十八条` },
    ],
  };

  it('keeps the header colour, fields, buttons with their values, and every kind of form input', () => {
    const html = cardHtml(card, { interactive: true, idPrefix: 'sb_1' });
    expect(html).toContain('<article class="card c-red"><header class="card-h">驳回请假申请 · 马军（编号 3）</header>');
    expect(html).toContain('<dt>性质</dt><dd>**因私**</dd>');
    expect(html).toContain(
      '<button type="button" class="btn primary" data-value="{&quot;action&quot;:&quot;leave.approve&quot;,&quot;id&quot;:&quot;3&quot;,&quot;step&quot;:&quot;0&quot;}">同意</button>',
    );
    expect(html).toContain('title="/撤回 3"');
    expect(html).toContain(
      '<form class="card-form" data-form="reject" data-value="{&quot;action&quot;:&quot;leave.reject&quot;,&quot;id&quot;:&quot;3&quot;,&quot;confirm&quot;:&quot;1&quot;}" novalidate="">',
    );
    expect(html).toMatch(/<textarea id="sb_1-3-reject-reason" name="reason" required="" placeholder="请写明理由" rows="3"><\/textarea>/);
    expect(html).toContain('<input id="sb_1-3-reject-date" name="date" type="date" value="2026-12-01"/>');
    expect(html).toMatch(
      /<select id="sb_1-3-reject-leader" name="leader" required=""><option value="zhaoming" selected="">赵明<\/option><option value="sunqiang">孙强<\/option><\/select>/,
    );
    expect(html).toContain('<select id="sb_1-3-reject-scope" name="scope"><option value="">请选择</option><option value="province">出省</option></select>');
    expect(html).toContain('<input id="sb_1-3-reject-title" name="title" type="text" autocomplete="off"/>');
    expect(html).toContain('<button type="submit" class="btn danger">确认驳回</button>');
    expect(html).toContain('<div class="md note"><p>依据《工作规则》第六十八条</p></div>');
  });

  it('read-only (dashboard) leaves buttons and forms out', () => {
    const html = cardHtml(card, { interactive: false });
    expect(html).not.toContain('<button');
    expect(html).not.toContain('<form');
    expect(html).toContain('外出日期');
  });
});
