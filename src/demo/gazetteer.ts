/**
 * The demo city's gazetteer: real Xiamen roads, communities and landmarks, each with one point
 * (WGS-84, near the real place and inside the demo district that holds it). Demo data: a city loads
 * its own 地名地址 and extends it in the console.
 */
export interface DemoPlace {
  name: string;
  kind: 'road' | 'community' | 'landmark';
  aliases?: string[];
  lon: number;
  lat: number;
}

export const DEMO_GAZETTEER: readonly DemoPlace[] = [
  // 思明区
  { name: '湖滨南路', kind: 'road', lon: 118.108, lat: 24.472 },
  { name: '湖滨北路', kind: 'road', lon: 118.112, lat: 24.483 },
  { name: '湖滨东路', kind: 'road', lon: 118.126, lat: 24.479 },
  { name: '厦禾路', kind: 'road', lon: 118.098, lat: 24.468 },
  { name: '莲前西路', kind: 'road', lon: 118.135, lat: 24.468 },
  { name: '莲前东路', kind: 'road', lon: 118.165, lat: 24.472 },
  { name: '环岛路', kind: 'road', aliases: ['环岛南路'], lon: 118.14, lat: 24.432 },
  { name: '思明南路', kind: 'road', lon: 118.092, lat: 24.448 },
  { name: '思明北路', kind: 'road', lon: 118.088, lat: 24.462 },
  { name: '中山路', kind: 'road', lon: 118.083, lat: 24.456 },
  { name: '鹭江道', kind: 'road', lon: 118.081, lat: 24.46 },
  { name: '禾祥西路', kind: 'road', lon: 118.097, lat: 24.474 },
  { name: '斗西路', kind: 'road', lon: 118.105, lat: 24.477 },
  { name: '文屏路', kind: 'road', lon: 118.137, lat: 24.476 },
  { name: '会展路', kind: 'road', lon: 118.185, lat: 24.465 },
  { name: '曾厝垵', kind: 'community', lon: 118.13, lat: 24.435 },
  { name: '莲花五村', kind: 'community', lon: 118.13, lat: 24.478 },
  { name: '瑞景新村', kind: 'community', lon: 118.155, lat: 24.478 },
  { name: '槟榔小区', kind: 'community', lon: 118.118, lat: 24.479 },
  { name: '前埔南区', kind: 'community', lon: 118.175, lat: 24.466 },
  { name: '东坪山社区', kind: 'community', lon: 118.11, lat: 24.46 },
  { name: '中山路步行街', kind: 'landmark', lon: 118.083, lat: 24.456 },
  { name: '厦门大学', kind: 'landmark', aliases: ['厦大'], lon: 118.0987, lat: 24.438 },
  { name: '白鹭洲公园', kind: 'landmark', lon: 118.108, lat: 24.476 },
  { name: '中山公园', kind: 'landmark', lon: 118.094, lat: 24.461 },
  { name: 'SM广场', kind: 'landmark', aliases: ['SM城市广场'], lon: 118.129, lat: 24.487 },
  { name: '厦门火车站', kind: 'landmark', aliases: ['火车站'], lon: 118.118, lat: 24.469 },
  { name: '轮渡码头', kind: 'landmark', aliases: ['轮渡'], lon: 118.075, lat: 24.459 },
  { name: '文灶地铁站', kind: 'landmark', aliases: ['文灶'], lon: 118.101, lat: 24.471 },
  { name: '老虎城', kind: 'landmark', aliases: ['老虎城购物中心'], lon: 118.085, lat: 24.458 },
  // 湖里区
  { name: '仙岳路', kind: 'road', lon: 118.12, lat: 24.495 },
  { name: '吕岭路', kind: 'road', lon: 118.155, lat: 24.497 },
  { name: '嘉禾路', kind: 'road', lon: 118.118, lat: 24.505 },
  { name: '金尚路', kind: 'road', lon: 118.16, lat: 24.505 },
  { name: '江头北路', kind: 'road', lon: 118.137, lat: 24.507 },
  { name: '枋湖路', kind: 'road', lon: 118.14, lat: 24.52 },
  { name: '县后路', kind: 'road', lon: 118.145, lat: 24.51 },
  { name: '湖里大道', kind: 'road', lon: 118.103, lat: 24.513 },
  { name: '兴隆路', kind: 'road', lon: 118.11, lat: 24.518 },
  { name: '五缘湾道', kind: 'road', lon: 118.172, lat: 24.522 },
  { name: '殿前路', kind: 'road', aliases: ['殿前六路'], lon: 118.115, lat: 24.535 },
  { name: '高殿路', kind: 'road', lon: 118.125, lat: 24.54 },
  { name: '金山小区', kind: 'community', lon: 118.165, lat: 24.512 },
  { name: '江头小区', kind: 'community', lon: 118.138, lat: 24.503 },
  { name: '蔡塘社区', kind: 'community', lon: 118.158, lat: 24.5 },
  { name: '何厝社区', kind: 'community', lon: 118.182, lat: 24.495 },
  { name: '钟宅社区', kind: 'community', lon: 118.175, lat: 24.53 },
  { name: '湖里万达广场', kind: 'landmark', aliases: ['万达广场'], lon: 118.178, lat: 24.506 },
  { name: '高崎国际机场', kind: 'landmark', aliases: ['高崎机场', '机场'], lon: 118.128, lat: 24.544 },
  { name: '五缘湾湿地公园', kind: 'landmark', lon: 118.178, lat: 24.528 },
  { name: '吕厝地铁站', kind: 'landmark', aliases: ['吕厝'], lon: 118.128, lat: 24.497 },
  { name: '明发商业广场', kind: 'landmark', lon: 118.16, lat: 24.5 },
  // 海沧区
  { name: '海沧大道', kind: 'road', lon: 118.03, lat: 24.47 },
  { name: '新阳大道', kind: 'road', lon: 118.02, lat: 24.51 },
  { name: '马青路', kind: 'road', lon: 118.0, lat: 24.5 },
  { name: '海沧区政府', kind: 'landmark', lon: 118.033, lat: 24.485 },
  { name: '未来海岸', kind: 'community', lon: 118.04, lat: 24.46 },
  // 集美区
  { name: '集美大道', kind: 'road', lon: 118.07, lat: 24.6 },
  { name: '杏林湾路', kind: 'road', lon: 118.06, lat: 24.585 },
  { name: '银江路', kind: 'road', lon: 118.1, lat: 24.58 },
  { name: '集美学村', kind: 'landmark', lon: 118.103, lat: 24.578 },
  { name: '厦门北站', kind: 'landmark', aliases: ['北站'], lon: 118.073, lat: 24.637 },
  { name: '杏林村', kind: 'community', lon: 118.05, lat: 24.57 },
  // 同安区
  { name: '同集路', kind: 'road', lon: 118.15, lat: 24.7 },
  { name: '环城南路', kind: 'road', lon: 118.155, lat: 24.72 },
  { name: '同安区政府', kind: 'landmark', lon: 118.152, lat: 24.723 },
  { name: '同安城南小区', kind: 'community', aliases: ['城南小区'], lon: 118.16, lat: 24.715 },
  // 翔安区
  { name: '翔安南路', kind: 'road', lon: 118.25, lat: 24.6 },
  { name: '新店路', kind: 'road', lon: 118.26, lat: 24.62 },
  { name: '翔安区政府', kind: 'landmark', lon: 118.247, lat: 24.618 },
  { name: '马巷镇', kind: 'community', aliases: ['马巷'], lon: 118.26, lat: 24.67 },
  { name: '大嶝岛', kind: 'landmark', lon: 118.34, lat: 24.56 },
];
