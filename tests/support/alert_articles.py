"""Invented articles for the alert tests: each says something an alert must carry (or not)."""

from __future__ import annotations

FLOOD = """---
title: Wagub Seno Aji Tinjau Banjir di Sungai Pinang
published: 2025-06-02
url: https://example.org/berita/banjir-sungai-pinang
source: Contoh Kaltim
---
Wakil Gubernur Kalimantan Timur Seno Aji meninjau banjir yang merendam permukiman di \
Kecamatan Sungai Pinang, Samarinda, pada Senin pagi bersama Dinas Pekerjaan Umum.
“Kami menambah empat pompa air dan mengeruk saluran drainase sebelum musim hujan berikutnya \
datang,” kata Seno Aji kepada warga yang rumahnya terendam.
Ia meminta camat dan lurah mendata rumah warga terdampak banjir agar bantuan segera disalurkan.
"""
FLOOD_QUOTE = "Kami menambah empat pompa air"

SCHOLARSHIP = """---
title: Sekda Sri Wahyuni Buka Pendaftaran Beasiswa Kaltim Tuntas
published: 2025-06-03
url: https://example.org/berita/beasiswa-tuntas
source: Contoh Kaltim
---
Sekretaris Daerah Provinsi Kalimantan Timur Sri Wahyuni membuka pendaftaran Beasiswa Kaltim \
Tuntas untuk mahasiswa dari keluarga kurang mampu di Samarinda, Selasa.
“Tahun ini kuota beasiswa kami naikkan menjadi dua belas ribu penerima, dan seluruh berkas \
diunggah secara daring,” ujar Sri Wahyuni di Kantor Gubernur.
Menurut dia, verifikasi berkas dilakukan oleh tim dari perguruan tinggi negeri.
"""
SCHOLARSHIP_QUOTE = "kuota beasiswa kami naikkan"

HARBOUR = """---
title: Pelabuhan Peti Kemas Palaran Tambah Dua Derek
published: 2025-06-04
url: https://example.org/berita/derek-palaran
source: Contoh Kaltim
---
Pengelola Terminal Peti Kemas Palaran memasang dua derek baru untuk mempercepat bongkar muat \
kapal di Sungai Mahakam.
“Waktu tunggu kapal turun dari tiga hari menjadi satu hari,” kata General Manager terminal, \
Bambang Sutrisno, Rabu.
Derek itu didatangkan dari Surabaya dan mulai beroperasi pekan depan.
"""
