"""Indonesian for every text of the workbench, keyed by the English that the code writes
(`i18n.tr`). `{name}` fields stay as they are; a test checks that every text the workbench
shows has its entry here, with the same fields."""

ID: dict[str, str] = {
    "{status} · read as established":
        "{status} · terpenuhi menurut pembacaan peneliti",
    "{status} · read as not established":
        "{status} · tidak terpenuhi menurut pembacaan peneliti",
    "Read: established":
        "Baca: terpenuhi",
    "Read: not established":
        "Baca: tidak terpenuhi",
    "Clear reading":
        "Hapus pembacaan",
    "Sensitivity: {summary}":
        "Kepekaan: {summary}",
    "pivotal":
        "penentu",
    "The researcher's reading ({coder}, {date}): “{rationale}”":
        "Pembacaan peneliti ({coder}, {date}): “{rationale}”",
    "e / n: record your reading of this indicator (established or not, with why)":
        "e / n: catat pembacaan Anda atas indikator ini (terpenuhi atau tidak, beserta alasannya)",
    "Read {code} at {site} as established, because…":
        "Baca {code} di {site} sebagai terpenuhi, karena…",
    "Read {code} at {site} as not established, because…":
        "Baca {code} di {site} sebagai tidak terpenuhi, karena…",
    "{code} has no reading at {site}.":
        "{code} belum memiliki pembacaan di {site}.",
    " (and the consensus's)":
        " (dan konsensus)",
    " and ":
        " dan ",
    " and {n} more":
        " dan {n} lainnya",
    " The project is read-only here: nothing can be saved.":
        " Proyek ini hanya-baca di sini: tidak ada yang dapat disimpan.",
    " · keyword: {keyword}":
        " · kata kunci: {keyword}",
    "(already coded {code})":
        "(sudah berkode {code})",
    "(documents and notes)":
        "(dokumen dan catatan)",
    "(Escape closes)":
        "(Escape menutup)",
    "(not coding this source)":
        "(tidak mengode sumber ini)",
    "(researcher: not evidence)":
        "(peneliti: bukan bukti)",
    "(the codebook gives no definition; i on the code in the codebook adds one)":
        "(buku kode tidak memberi definisi; i pada kode di buku kode menambahkannya)",
    "(top of {book})":
        "(tingkat teratas {book})",
    "(undated)":
        "(tanpa tanggal)",
    "time":
        "waktu",
    "(unknown)":
        "(tidak diketahui)",
    "+ create code '{name}' {where}":
        "+ buat kode '{name}' {where}",
    ", none detached":
        ", tidak ada yang terlepas",
    ", {n} detached: X reviews them":
        ", {n} terlepas: X untuk meninjaunya",
    "- clears it":
        "- mengosongkannya",
    "-- VISUAL -- move with w b ( ) { } or arrows; c codes; Escape ends":
        "-- VISUAL -- bergerak dengan w b ( ) { } atau panah; c memberi kode; Escape mengakhiri",
    ". As the file says: {changed}":
        ". Menurut berkas: {changed}",
    ".txt .md .docx .pdf .vtt .srt; codings follow their words":
        ".txt .md .docx .pdf .vtt .srt; koding mengikuti kata-katanya",
    "/ filter: a site, source, code, author or words (Enter or ↓ back to the list)":
        "/ saring: lokasi, sumber, kode, penulis, atau kata (Enter atau ↓ kembali ke daftar)",
    "/ filter: site:Madiun stance:contradicts sector:health … · E: CSV · Enter: go":
        "/ saring: site:Madiun stance:membantah sector:health … · E: CSV · Enter: ke tempatnya",
    "1 file":
        "1 berkas",
    "1 file that is not a transcript":
        "1 berkas yang bukan transkrip",
    "2021-05-03, 3 Mei 2021 or 03/05/2021; - clears it":
        "2021-05-03, 3 Mei 2021 atau 03/05/2021; - mengosongkannya",
    "[b]{speaker}[/b] (informant)":
        "[b]{speaker}[/b] (informan)",
    "[b]{speaker}[/b] (informant; no attributes yet)":
        "[b]{speaker}[/b] (informan; belum ada atribut)",
    "[b]{speaker}[/b] (researcher)":
        "[b]{speaker}[/b] (peneliti)",
    "[i]e.g.[/i] “{example}”":
        "[i]mis.[/i] “{example}”",
    "[i]memo:[/i] {memo}":
        "[i]memo:[/i] {memo}",
    "a / b accept a coder · o both · 0 neither · s / x whole unit supports / contradicts · u undo · g go to the place":
        "a / b terima satu pengode · o keduanya · 0 tidak keduanya · s / x seluruh unit mendukung / membantah · u urungkan · g ke tempatnya",
    "a / b accept a coder · o both · 0 neither · u undoes":
        "a / b terima satu pengode · o keduanya · 0 tidak keduanya · u mengurungkan",
    "A memo needs a text (d in the list deletes a memo) · Escape cancels":
        "Memo perlu berisi teks (d di daftar menghapus memo) · Escape membatalkan",
    "a memo on the whole project":
        "memo tentang seluruh proyek",
    "A memo on {about} {target} has no place in a transcript.":
        "Memo tentang {about} {target} tidak punya tempat di transkrip.",
    "a name not yet a site":
        "nama yang belum dipakai lokasi lain",
    "a name not yet in the project":
        "nama yang belum ada di proyek",
    "a new code of your own, made now":
        "kode baru buatan Anda, dibuat sekarang",
    "a new code of your own, made now; the selection is coded with it":
        "kode baru buatan Anda, dibuat sekarang; teks terpilih diberi kode ini",
    "A new code of your own: describe it later with i in the codebook pane.":
        "Kode baru buatan Anda: deskripsikan nanti dengan i di panel buku kode.",
    "A new memo on… (the project, a site, a source or a code)":
        "Memo baru tentang… (proyek, lokasi, sumber, atau kode)",
    "a path, relative to {here} (.txt .md .docx .pdf .vtt .srt)":
        "jalur berkas, relatif terhadap {here} (.txt .md .docx .pdf .vtt .srt)",
    "a quote is left open in the filter; close it or take it away":
        "ada tanda kutip yang belum ditutup di saringan; tutup atau hapus",
    "A REFI-QDA file is imported on its own: give one .qdpx or .qdc file.":
        "Berkas REFI-QDA diimpor tersendiri: berikan satu berkas .qdpx atau .qdc.",
    "a REFI-QDA project carries every coder's codings; switch blind mode off to export it":
        "proyek REFI-QDA memuat koding semua pengode; matikan mode buta untuk mengekspornya",
    "a site":
        "lokasi",
    "a site (sites so far: {sites})":
        "nama lokasi (lokasi yang sudah ada: {sites})",
    "a site of the project, or a new one":
        "lokasi dalam proyek, atau lokasi baru",
    "about":
        "tentang",
    "absent":
        "tanpa bukti",
    "Accept first coder":
        "Terima pengode 1",
    "Accept second coder":
        "Terima pengode 2",
    "Accept suggestion":
        "Terima saran",
    "accepted suggestion":
        "saran diterima",
    "accepted: {coders}":
        "diterima: {coders}",
    "add an attribute (gender, tenure, …)":
        "tambah atribut (gender, masa kerja, …)",
    "Adjudicate two coders' disagreements":
        "Adjudikasi perbedaan dua pengode",
    "Adjudicate which coders?":
        "Adjudikasi pengode yang mana?",
    "Adjudication needs two coders who coded the same sources.":
        "Adjudikasi memerlukan dua pengode yang mengode sumber yang sama.",
    "Adjudication {coders} — {n} disagreements, {settled} settled. Before: {before}.":
        "Adjudikasi {coders} — {n} ketidaksepakatan, {settled} selesai. Sebelum: {before}.",
    "after: {pairs}":
        "sesudah: {pairs}",
    "against":
        "membantah",
    "agreement":
        "sepakat",
    "all":
        "semua",
    "all sites and frameworks":
        "semua lokasi dan kerangka",
    "as each file says (interview where it says nothing)":
        "sesuai yang tertulis di tiap berkas (wawancara jika tidak disebutkan)",
    "as NAME=VALUE, e.g. gender=perempuan":
        "sebagai NAMA=NILAI, mis. gender=perempuan",
    "Back":
        "Kembali",
    "blind mode is on: a REFI-QDA project shows every coder's work; B switches blind mode off":
        "mode buta aktif: proyek REFI-QDA memuat kerja semua pengode; B menonaktifkan mode buta",
    "blind mode is on: adjudication shows every coder's work; B switches blind mode off":
        "mode buta aktif: adjudikasi menampilkan kerja semua pengode; B menonaktifkan mode buta",
    "Blind mode off: every coder shows.":
        "Mode buta nonaktif: semua pengode tampil.",
    "Blind mode on: only your codings ({coder}) show, in every view, count, suggestion and export, until B again.":
        "Mode buta aktif: hanya koding Anda ({coder}) yang tampil, di setiap tampilan, hitungan, saran, dan ekspor, sampai B ditekan lagi.",
    "Blind mode: hide other coders":
        "Mode buta: sembunyikan pengode lain",
    "blind mode: only your memos":
        "mode buta: hanya memo Anda",
    "blind mode: only {coder} (B shows all)":
        "mode buta: hanya {coder} (B menampilkan semua)",
    "BLIND: only your codings (B shows all)":
        "BUTA: hanya koding Anda (B menampilkan semua)",
    "Both":
        "Keduanya",
    "by":
        "oleh",
    "Cancel":
        "Batal",
    "cannot read the editor command '{command}' in $VISUAL/$EDITOR":
        "perintah editor '{command}' di $VISUAL/$EDITOR tidak dapat dibaca",
    "cannot read what the editor wrote ({reason})":
        "tulisan dari editor tidak dapat dibaca ({reason})",
    "Change code under cursor":
        "Ubah kode di kursor",
    "Change the current theme":
        "Ganti tema warna saat ini",
    "Change {code} to…":
        "Ganti {code} menjadi…",
    "changed":
        "diubah",
    "Clear selection":
        "Batalkan pilihan",
    "Close":
        "Tutup",
    "Code":
        "Kode",
    "code":
        "kode",
    "Code all search hits (preview first; one undo)":
        "Beri kode semua temuan (pratinjau dulu; sekali urungkan)",
    "Code all {n} hits of '{query}' with… (+NAME makes a new code)":
        "Beri kode semua {n} temuan '{query}' dengan… (+NAMA membuat kode baru)",
    "Code as contradicts":
        "Beri kode membantah",
    "Code it when ({lang})":
        "Beri kode ini bila ({lang})",
    "Code selection":
        "Beri kode pilihan",
    "Code the selection (supports)… (+NAME makes a new code)":
        "Beri kode pada teks terpilih (mendukung)… (+NAMA membuat kode baru)",
    "Code the selection as CONTRADICTS… (+NAME makes a new code)":
        "Beri kode pada teks terpilih sebagai MEMBANTAH… (+NAMA membuat kode baru)",
    "Code the ticked hits":
        "Beri kode tercentang",
    "Code the words / sentence / turn":
        "Kode: kata / kalimat / giliran",
    "code {id}":
        "kode {id}",
    "Code {ticked} of {total} hits of '{query}' with {code} — coding the {scope} of each hit":
        "Beri kode {ticked} dari {total} temuan '{query}' dengan {code} — yang dikode: {scope} tiap temuan",
    "Codebook pane (when it has the focus)":
        "Panel buku kode (saat sedang aktif)",
    "Codebook: add a code of your own":
        "Buku kode: tambah kode sendiri",
    "Codebook: delete a code (asks first)":
        "Buku kode: hapus kode (bertanya dulu)",
    "Codebook: describe a code (definition, notes, examples)":
        "Buku kode: deskripsikan kode (definisi, catatan, contoh)",
    "Codebook: merge a code into another (its codings move)":
        "Buku kode: gabungkan kode ke kode lain (kodingnya ikut pindah)",
    "Codebook: move a code under another":
        "Buku kode: pindahkan kode ke bawah kode lain",
    "Codebook: rename a code":
        "Buku kode: ganti nama kode",
    "Codebook: set a code's colour":
        "Buku kode: atur warna kode",
    "coded":
        "dikode",
    "coder":
        "pengode",
    "coder {coder}":
        "pengode {coder}",
    "coding":
        "koding",
    "Codings' memos shown/hidden":
        "Memo koding tampil/sembunyi",
    "codings, verdicts, matrices, comparison":
        "koding, simpulan, matriks, perbandingan",
    "Colour of {code}: #rrggbb, #rgb, a name (red, blue, merah, biru, …) or none":
        "Warna {code}: #rrggbb, #rgb, nama warna (merah, biru, red, blue, …) atau tidak ada",
    "Colour unchanged.":
        "Warna tidak berubah.",
    "Colour which code?…":
        "Beri warna kode yang mana?…",
    "colour — Enter saves, Escape cancels":
        "warna — Enter menyimpan, Escape membatalkan",
    "Compare sites":
        "Bandingkan lokasi",
    "computing…":
        "menghitung…",
    "confirmed":
        "terkonfirmasi",
    "contested":
        "diperdebatkan",
    "contra":
        "bantah",
    "contradicts":
        "membantah",
    "convergence":
        "konvergensi",
    "Cross-site comparison — ≠ marks rows where the sites differ":
        "Perbandingan antarlokasi — ≠ menandai baris yang berbeda antarlokasi",
    "ctrl+s saves · Escape cancels":
        "ctrl+s menyimpan · Escape membatalkan",
    "date":
        "tanggal",
    "decided":
        "diputuskan",
    "decided: {decision} (by {coder}, {when}); a new key decides again":
        "diputuskan: {decision} (oleh {coder}, {when}); tombol baru memutuskan ulang",
    "decided: {decision}; a new key decides again":
        "diputuskan: {decision}; tombol baru memutuskan ulang",
    "definition":
        "definisi",
    "Definition ({lang})":
        "Definisi ({lang})",
    "Delete":
        "Hapus",
    "Delete coding under cursor":
        "Hapus koding di kursor",
    "Delete the code {code} '{name}' with its {what}? (u undoes)":
        "Hapus kode {code} '{name}' beserta {what}? (u mengurungkan)",
    "Delete the code {code} '{name}'? (u undoes)":
        "Hapus kode {code} '{name}'? (u mengurungkan)",
    "Delete which code?…":
        "Hapus kode yang mana?…",
    "Delete {name} and its {n} codings? Type yes.":
        "Hapus {name} beserta {n} kodingnya? Ketik ya.",
    "Delete {title}?":
        "Hapus {title}?",
    "deleted":
        "dihapus",
    "deleted source {name} with {what}":
        "sumber {name} dihapus beserta {what}",
    "deleted {code} with its {what}; u undoes":
        "{code} dihapus beserta {what}; u mengurungkan",
    "deleted {code}; u undoes":
        "{code} dihapus; u mengurungkan",
    "deleted {title}":
        "{title} dihapus",
    "Describe which code?…":
        "Deskripsikan kode yang mana?…",
    "Describe {code} (an indicator of a framework: ctrl+s saves, Escape cancels; an empty field removes the text)":
        "Deskripsi {code} (indikator kerangka: ctrl+s menyimpan, Escape membatalkan; isian kosong menghapus teksnya)",
    "Describe {code} (ctrl+s saves, Escape cancels; an empty field removes the text)":
        "Deskripsi {code} (ctrl+s menyimpan, Escape membatalkan; isian kosong menghapus teksnya)",
    "described {code}: {fields}; u undoes":
        "deskripsi {code} diubah: {fields}; u mengurungkan",
    "Detached codings — {n}: their text changed and they could not be placed. p: place at {where} · f: place by a quote · d: drop · Enter: go to its source to select the place · Escape: back":
        "Koding terlepas — {n}: teksnya berubah dan koding tidak dapat ditempatkan. p: tempatkan di {where} · f: tempatkan lewat kutipan · d: buang · Enter: ke sumbernya untuk memilih tempatnya · Escape: kembali",
    "Detached codings: place or drop":
        "Koding terlepas: tempatkan atau buang",
    "dissonance":
        "disonansi",
    "Do not code it when ({lang})":
        "Jangan beri kode ini bila ({lang})",
    "document":
        "dokumen",
    "Drop":
        "Buang",
    "Drop detached coding {id} ({code}, {stance}, {coder})? Type yes.":
        "Buang koding terlepas {id} ({code}, {stance}, {coder})? Ketik ya.",
    "Edit in $EDITOR":
        "Ubah di $EDITOR",
    "edit to the new wording — Enter places (the match nearest where it was), Escape cancels":
        "ubah sesuai kata-kata yang baru — Enter menempatkan (kecocokan terdekat dari tempat semula), Escape membatalkan",
    "edited":
        "diubah",
    "edited {title}":
        "{title} diubah",
    "editor '{editor}' (from $VISUAL/$EDITOR) not found":
        "editor '{editor}' (dari $VISUAL/$EDITOR) tidak ditemukan",
    "editor '{editor}' could not start ({reason})":
        "editor '{editor}' tidak dapat dijalankan ({reason})",
    "editor '{editor}' exited with status {status}":
        "editor '{editor}' berhenti dengan status {status}",
    "Empty {title}?":
        "Kosongkan {title}?",
    "Enter opens a memo · n writes one · d deletes · / filters · Escape goes back":
        "Enter membuka memo · n menulis memo · d menghapus · / menyaring · Escape kembali",
    "Enter saves, Escape cancels":
        "Enter menyimpan, Escape membatalkan",
    "every source there follows":
        "semua sumber di sana ikut berubah",
    "Every speaker shown.":
        "Semua penutur ditampilkan.",
    "Every ticked {scope} is already coded {code}: nothing coded.":
        "Semua {scope} yang dicentang sudah berkode {code}: tidak ada yang dikode.",
    "Evidence":
        "Bukti",
    "examples":
        "contoh",
    "Examples ({lang}), one per line":
        "Contoh ({lang}), satu per baris",
    "excerpt":
        "kutipan",
    "exclude":
        "kapan tidak dikode",
    "exclude: ":
        "eksklusi: ",
    "Export appendix, workbook or REFI-QDA":
        "Ekspor lampiran, buku kerja, atau REFI-QDA",
    "Export CSV":
        "Ekspor CSV",
    "Export…":
        "Ekspor…",
    "fgd":
        "FGD",
    "Filter":
        "Saring",
    "Filter the transcript to one code…":
        "Saring transkrip pada satu kode…",
    "Filter to one code":
        "Saring ke satu kode",
    "filter: {code} (F clears)":
        "saringan: {code} (F menghapus)",
    "for":
        "mendukung",
    "for NVivo, ATLAS.ti, MAXQDA, QualCoder":
        "untuk NVivo, ATLAS.ti, MAXQDA, QualCoder",
    "Go to a speaker's next turn":
        "Ke giliran berikutnya dari seorang penutur",
    "Go to a speaker's next turn…":
        "Ke giliran bicara berikutnya dari penutur…",
    "Go to its place":
        "Ke tempatnya",
    "Go to its source":
        "Ke sumbernya",
    "Go to place":
        "Ke tempatnya",
    "Go to the place":
        "Ke tempatnya",
    "group":
        "kelompok",
    "Help":
        "Bantuan",
    "Hide the keys and widget help panel":
        "Sembunyikan panel tombol dan bantuan widget",
    "hit {i} of {n} for '{query}' — > next · < previous · H code all hits · / new search":
        "temuan {i} dari {n} untuk '{query}' — > berikutnya · < sebelumnya · H kode semua temuan · / cari baru",
    "hits":
        "temuan",
    "human":
        "manual",
    "id":
        "id",
    "import":
        "impor",
    "Import transcripts (a file or a folder) or a REFI-QDA file (.qdpx, .qdc):":
        "Impor transkrip (berkas atau folder) atau berkas REFI-QDA (.qdpx, .qdc):",
    "Import transcripts (file or folder) or a REFI-QDA file":
        "Impor transkrip (berkas atau folder) atau berkas REFI-QDA",
    "imported {name}: {site}, {method}, {turns} turns, {words} words":
        "{name} diimpor: {site}, {method}, {turns} giliran bicara, {words} kata",
    "imported {n} source: {names}":
        "{n} sumber diimpor: {names}",
    "imported {n} sources: {names}":
        "{n} sumber diimpor: {names}",
    "imported {sources} sources, {codes} codes, {codings} codings from {file}":
        "{sources} sumber, {codes} kode, {codings} koding diimpor dari {file}",
    "imported {sources} sources, {codes} codes, {codings} codings from {file}; {warnings} warning(s)":
        "{sources} sumber, {codes} kode, {codings} koding diimpor dari {file}; {warnings} peringatan",
    "Importing {path}":
        "Mengimpor {path}",
    "Importing {what} ({files})":
        "Mengimpor {what} ({files})",
    "Importing {what} ({files}; {options})":
        "Mengimpor {what} ({files}; {options})",
    "in {book}":
        "di {book}",
    "in {book} (a new codebook)":
        "di {book} (buku kode baru)",
    "include":
        "kapan dikode",
    "include: ":
        "inklusi: ",
    "indicator":
        "indikator",
    "Indicators":
        "Indikator",
    "informant":
        "informan",
    "informant {label}":
        "informan {label}",
    "informants as IK1, IU1, …, names masked":
        "informan sebagai IK1, IU1, …, nama disamarkan",
    "Informants/methods/coders/time/attributes":
        "Informan/metode/pengode/waktu/atribut",
    "insufficient-evidence":
        "bukti belum cukup",
    "interview":
        "wawancara",
    "its site":
        "lokasinya",
    "key | main | supporting | triangulation; - clears it":
        "key | main | supporting | triangulation; - mengosongkannya",
    "Keys":
        "Tombol",
    "Keys — Escape, ? or q closes; ctrl+p finds any action by name":
        "Tombol — Escape, ? atau q menutup; ctrl+p mencari tindakan menurut nama",
    "keywords":
        "kata kunci",
    "Keywords ({lang}), separated by commas":
        "Kata kunci ({lang}), dipisahkan koma",
    "Lampiran, semua situs":
        "Lampiran, semua lokasi",
    "language":
        "bahasa",
    "Look and weigh":
        "Melihat dan menimbang",
    "Material in, out and corrected":
        "Materi masuk, keluar, dan koreksi",
    "Maximize":
        "Perbesar",
    "Maximize the focused widget":
        "Perbesar widget yang aktif",
    "memo":
        "memo",
    "Memo for {code} at {start}–{end}":
        "Memo untuk {code} di {start}–{end}",
    "Memo in $EDITOR":
        "Memo di $EDITOR",
    "memo not changed (m writes a memo here)":
        "memo tidak diubah (m menulis memo di sini)",
    "Memo on the coding":
        "Memo pada koding",
    "Memo on this source":
        "Memo pada sumber ini",
    "Memo on {source}":
        "Memo pada {source}",
    "Memo unchanged.":
        "Memo tidak berubah.",
    "memo {key} on {about} {target}":
        "memo {key} tentang {about} {target}",
    "memo — Enter saves, Escape cancels":
        "memo — Enter menyimpan, Escape membatalkan",
    "memo: {memo}":
        "memo: {memo}",
    "Memos":
        "Memo",
    "Memos — {n}":
        "Memo — {n}",
    "Memos: list, open, edit, delete":
        "Memo: daftar, buka, ubah, hapus",
    "Merge which code?…":
        "Leburkan kode yang mana?…",
    "Merge {code} into… (its codings move there)":
        "Leburkan {code} ke… (kodingnya pindah ke sana)",
    "merged away (merge a thematic code into it instead)":
        "dilebur ke kode lain (leburkan kode tematik ke dalamnya saja)",
    "merged {code} into {target}: {parts}; u undoes":
        "{code} dilebur ke {target}: {parts}; u mengurungkan",
    "method":
        "metode",
    "methods":
        "metode",
    "Minimize":
        "Perkecil",
    "Minimize the widget and restore to normal size":
        "Perkecil widget dan kembalikan ke ukuran normal",
    "Move to a verdict cell to read its explanation.":
        "Pindah ke sel simpulan untuk membaca penjelasannya.",
    "Move which code?…":
        "Pindahkan kode yang mana?…",
    "Move {code} under…":
        "Pindahkan {code} ke bawah…",
    "moved":
        "dipindahkan",
    "moved {code} to the top of {book}; u undoes":
        "{code} dipindahkan ke tingkat teratas {book}; u mengurungkan",
    "moved {code} under {parent}; u undoes":
        "{code} dipindahkan ke bawah {parent}; u mengurungkan",
    "Name unchanged.":
        "Nama tidak berubah.",
    "NAME=VALUE":
        "NAMA=NILAI",
    "neither":
        "tidak keduanya",
    "Neither (no coder)":
        "Tidak keduanya",
    "New attribute of {label}":
        "Atribut baru untuk {label}",
    "new code {code}; u undoes":
        "kode baru {code}; u mengurungkan",
    "New code: type its name, then choose where it goes…":
        "Kode baru: ketik namanya, lalu pilih tempatnya…",
    "New memo":
        "Memo baru",
    "New memo on {about} {target}":
        "Memo baru tentang {about} {target}",
    "new name — Enter saves, Escape cancels":
        "nama baru — Enter menyimpan, Escape membatalkan",
    "New version of {name}: the file with its corrected text":
        "Versi baru {name}: berkas berisi teks yang sudah dikoreksi",
    "Next coding":
        "Koding berikutnya",
    "Next search hit":
        "Temuan berikutnya",
    "Next sentence":
        "Kalimat berikutnya",
    "Next turn":
        "Giliran berikutnya",
    "Next turn of this speaker":
        "Giliran berikutnya penutur ini",
    "Next word":
        "Kata berikutnya",
    "No":
        "Tidak",
    "No coding under the cursor.":
        "Tidak ada koding di kursor.",
    "No detached codings: every coding is placed. Escape: back":
        "Tidak ada koding terlepas: semua koding sudah ditempatkan. Escape: kembali",
    "no details yet":
        "belum ada rincian",
    "No disagreements.":
        "Tidak ada ketidaksepakatan.",
    "no editor: set $VISUAL or $EDITOR (vi is not here either)":
        "tidak ada editor: atur $VISUAL atau $EDITOR (vi juga tidak tersedia)",
    "No excerpt passes the filter; F shows all.":
        "Tidak ada kutipan yang lolos saringan; F menampilkan semua.",
    "No excerpt.":
        "Tidak ada kutipan.",
    "No hit ticked: nothing coded.":
        "Tidak ada temuan yang dicentang: tidak ada yang dikode.",
    "No hits for '{query}'.":
        "Tidak ada temuan untuk '{query}'.",
    "No hits to code: / searches the transcript first.":
        "Tidak ada temuan untuk dikode: cari dulu di transkrip dengan /.",
    "no informants":
        "tanpa informan",
    "No memos here.":
        "Tidak ada memo di sini.",
    "No memos yet: n writes one (on the project, a site, a source or a code).":
        "Belum ada memo: n menulis memo (tentang proyek, lokasi, sumber, atau kode).",
    "No more codings of {code}.":
        "Tidak ada lagi koding {code}.",
    "No more codings.":
        "Tidak ada lagi koding.",
    "no one named":
        "tanpa nama",
    "no parent":
        "tanpa induk",
    "No recent code {n}. Recent: {recent}":
        "Tidak ada kode terakhir ke-{n}. Terakhir: {recent}",
    "No search yet: / searches the transcript.":
        "Belum ada pencarian: / mencari di transkrip.",
    "No site yet: import transcripts first (I).":
        "Belum ada lokasi: impor transkrip dulu (I).",
    "No source: import transcripts first (I).":
        "Belum ada sumber: impor transkrip dulu (I).",
    "no sources: I imports transcripts":
        "belum ada sumber: I mengimpor transkrip",
    "No suggestions: {why}":
        "Tidak ada saran: {why}",
    "nominal":
        "nominal",
    "none":
        "tidak ada",
    "not ":
        "bukan ",
    "Not deleted.":
        "Tidak dihapus.",
    "Not deleted: {name} stays.":
        "Tidak dihapus: {name} tetap ada.",
    "Not dropped: {id} stays detached.":
        "Tidak dibuang: {id} tetap terlepas.",
    "Not imported: no method chosen.":
        "Tidak diimpor: belum memilih metode.",
    "Not imported: {why}":
        "Tidak diimpor: {why}",
    "Not renamed: the same name.":
        "Nama tidak diganti: namanya sama.",
    "Not replaced: no file given.":
        "Tidak diganti: belum ada berkas.",
    "Not saved: this suggestion was made for {source} as it was before; press G for suggestions on the text shown.":
        "Tidak tersimpan: saran ini dibuat untuk {source} versi sebelumnya; tekan G untuk saran atas teks yang tampil.",
    "Nothing changed.":
        "Tidak ada yang berubah.",
    "Nothing changed: {label} already has that.":
        "Tidak ada yang berubah: {label} sudah memiliki nilai itu.",
    "Nothing changed: {name} already has that {field}.":
        "Tidak ada yang berubah: {field} {name} sudah seperti itu.",
    "Nothing coded.":
        "Tidak ada yang dikode.",
    "Nothing of yours to be redone.":
        "Tidak ada tindakan Anda yang bisa diulangi.",
    "Nothing of yours to be undone.":
        "Tidak ada tindakan Anda yang bisa diurungkan.",
    "nothing passes this filter; F shows all":
        "tidak ada yang lolos saringan ini; F menampilkan semua",
    "nothing to export: no excerpt is shown":
        "tidak ada yang diekspor: tidak ada kutipan yang ditampilkan",
    "Nothing to repeat yet.":
        "Belum ada yang bisa diulang.",
    "Nothing to review.":
        "Tidak ada yang perlu ditinjau.",
    "now: {value}":
        "saat ini: {value}",
    "observation":
        "observasi",
    "Only one speaker's turns (others dimmed); again: all":
        "Hanya giliran satu penutur (lainnya redup); lagi: semua",
    "Open / edit":
        "Buka / ubah",
    "Open a source first (o).":
        "Buka sumber dulu (o).",
    "Open source":
        "Buka sumber",
    "Open source…":
        "Buka sumber…",
    "ordinal":
        "ordinal",
    "organisation":
        "organisasi",
    "page {page}":
        "halaman {page}",
    "page {page} of {pages}":
        "halaman {page} dari {pages}",
    "palette":
        "palet",
    "partial agreement":
        "sepakat sebagian",
    "Place at the selection":
        "Tempatkan di pilihan",
    "Place by a quote":
        "Tempatkan lewat kutipan",
    "Place {id} ({code}) on these words:":
        "Tempatkan {id} ({code}) pada kata-kata ini:",
    "Previous coding":
        "Koding sebelumnya",
    "Previous search hit":
        "Temuan sebelumnya",
    "Previous sentence":
        "Kalimat sebelumnya",
    "Previous turn":
        "Giliran sebelumnya",
    "Previous turn of this speaker":
        "Giliran sebelumnya penutur ini",
    "Previous word":
        "Kata sebelumnya",
    "project":
        "proyek",
    "put it under this code":
        "taruh di bawah kode ini",
    "Quit":
        "Keluar",
    "Quit (also ctrl+q)":
        "Keluar (juga ctrl+q)",
    "Quit the application as soon as possible":
        "Keluar dari aplikasi secepatnya",
    "quote":
        "kutipan",
    "read-only":
        "hanya-baca",
    "read-only · Escape closes":
        "hanya-baca · Escape menutup",
    "Recent code":
        "Kode terakhir dipakai",
    "Redo":
        "Ulangi",
    "redone":
        "diulangi",
    "REFI-QDA project (.qdpx)":
        "Proyek REFI-QDA (.qdpx)",
    "refuted":
        "terbantah",
    "Reject suggestion (u undoes)":
        "Tolak saran (u urungkan)",
    "Rename site {site} to…":
        "Ganti nama lokasi {site} menjadi…",
    "rename site {site}…":
        "ganti nama lokasi {site}…",
    "Rename source {name} to…":
        "Ganti nama sumber {name} menjadi…",
    "Rename which code?…":
        "Ganti nama kode yang mana?…",
    "Rename {code} ({lang}; 'en: …' or 'id: …' for a language)":
        "Ganti nama {code} ({lang}; 'en: …' atau 'id: …' untuk memilih bahasa)",
    "renamed site {site} → {new}":
        "lokasi {site} berganti nama → {new}",
    "renamed source {name} → {new}":
        "sumber {name} berganti nama → {new}",
    "renamed {code} ({lang}): '{name}'; u undoes":
        "nama {code} ({lang}) diganti: '{name}'; u mengurungkan",
    "Repeat last code":
        "Ulangi kode terakhir",
    "replaced the text of {name}: {kept} codings in place, {moved} moved with their words, {by_quote} placed by their quote{detached}{also}":
        "teks {name} diganti: {kept} koding tetap di tempatnya, {moved} berpindah bersama kata-katanya, {by_quote} ditempatkan menurut kutipannya{detached}{also}",
    "Replacing the text of {name} with {file}":
        "Mengganti teks {name} dengan {file}",
    "researcher":
        "peneliti",
    "Retrieval: {code}":
        "Kutipan: {code}",
    "Retrieve a code's excerpts":
        "Telusuri kutipan suatu kode",
    "Retrieve every excerpt of…":
        "Telusuri semua kutipan dari…",
    "role":
        "peran",
    "Save":
        "Simpan",
    "Save an SVG 'screenshot' of the current screen":
        "Simpan 'tangkapan layar' SVG dari layar saat ini",
    "score":
        "skor",
    "Screen":
        "Layar",
    "Screenshot":
        "Tangkapan layar",
    "Scroll passage":
        "Gulir petikan",
    "Search and speakers":
        "Pencarian dan penutur",
    "Search cleared.":
        "Pencarian dikosongkan.",
    "Search codebook":
        "Cari di buku kode",
    "search codes (id, label, keyword)":
        "cari kode (id, label, kata kunci)",
    "Search for commands…":
        "Cari perintah…",
    "Search the transcript":
        "Cari di transkrip",
    "Search the transcript — Enter goes to the next hit, Escape cancels":
        "Cari di transkrip — Enter ke temuan berikutnya, Escape membatalkan",
    "sector":
        "sektor",
    "Select and move":
        "Memilih dan berpindah",
    "Select some text first (s: this sentence, t: this turn, v: visual mode, shift+arrows).":
        "Pilih teks dulu (s: kalimat ini, t: giliran ini, v: mode visual, shift+panah).",
    "Select this sentence":
        "Pilih kalimat ini",
    "Select this turn":
        "Pilih giliran ini",
    "Select where detached coding {id} ({code}, {coder}) goes, then X and p. It coded: “{quote}”":
        "Pilih tempat koding terlepas {id} ({code}, {coder}), lalu X dan p. Yang dikodenya: “{quote}”",
    "Select where it goes in {source} first: Enter takes you there; select the words, then X and p.":
        "Pilih dulu tempatnya di {source}: Enter membawa Anda ke sana; pilih kata-katanya, lalu X dan p.",
    "sentence":
        "kalimat",
    "sentences":
        "kalimat",
    "Set what of {name}?":
        "Atur apa dari {name}?",
    "set {name}: {changes}":
        "{name} diatur: {changes}",
    "Show all":
        "Tampilkan semua",
    "Show all codes":
        "Tampilkan semua kode",
    "Show help for the focused widget and a summary of available keys":
        "Tampilkan bantuan untuk widget yang aktif dan ringkasan tombol yang tersedia",
    "Show only one speaker's turns (the others dimmed)…":
        "Tampilkan giliran satu penutur saja (yang lain diredupkan)…",
    "Show/hide codebook and details":
        "Tampilkan/sembunyikan buku kode dan rincian",
    "Show/hide navigator":
        "Tampilkan/sembunyikan navigator",
    "Showing all codes.":
        "Menampilkan semua kode.",
    "Showing only {code}; n/N move between them, F shows all.":
        "Hanya menampilkan {code}; n/N berpindah di antaranya, F menampilkan semua.",
    "silence":
        "hanya satu pihak",
    "site":
        "lokasi",
    "site {name}":
        "lokasi {name}",
    "Site: rename":
        "Lokasi: ganti nama",
    "site: source: speaker: coder: stance: method: or an informant attribute (sector: group: role: …); other words: in the text; site:\"Kota Baru\" for spaces; Esc closes":
        "site: source: speaker: coder: stance: method: atau atribut informan (sector: group: role: …); kata lain: dicari dalam teks; site:\"Kota Baru\" untuk nilai berspasi; Esc menutup",
    "site:Madiun stance:contradicts sector:health — Enter applies":
        "site:Madiun stance:membantah sector:health — Enter menerapkan",
    "Skip suggestion":
        "Lewati saran",
    "skipped {files}: {shown}{more} (codings go in with 'qualcode codings import', informant lists with 'qualcode informants import')":
        "{files} dilewati: {shown}{more} (koding dimasukkan dengan 'qualcode codings import', daftar informan dengan 'qualcode informants import')",
    "source":
        "sumber",
    "source {name}":
        "sumber {name}",
    "Source: delete (asks first)":
        "Sumber: hapus (bertanya dulu)",
    "Source: rename":
        "Sumber: ganti nama",
    "Source: replace its text (codings follow)":
        "Sumber: ganti teksnya (koding ikut)",
    "Source: set site, method, language, date, title, informants":
        "Sumber: atur lokasi, metode, bahasa, tanggal, judul, informan",
    "space: tick/untick · a: tick all · s: code the words / sentence / turn · Enter: code · Escape: cancel":
        "spasi: centang/hapus centang · a: centang semua · s: kode kata / kalimat / giliran · Enter: beri kode · Escape: batal",
    "speaker":
        "penutur",
    "stance":
        "arah",
    "stance:{value}? write stance:{supports} or stance:{contradicts}":
        "stance:{value}? tulis stance:{supports} atau stance:{contradicts}",
    "status":
        "status",
    "suggestion":
        "saran",
    "Suggestions":
        "Saran",
    "Suggestions for this source":
        "Saran untuk sumber ini",
    "Suggestions for {source} ({n}, {basis}) — a accept · - reject (u undoes) · k skip; not evidence until accepted":
        "Saran untuk {source} ({n}, {basis}) — a terima · - tolak (u mengurungkan) · k lewati; bukan bukti sebelum diterima",
    "learned from the codings":
        "dipelajari dari koding",
    "from the codebooks":
        "dari buku kode",
    "Suggestions for {source}: preparing suggestions…":
        "Saran untuk {source}: menyiapkan saran…",
    "Suggestions for {source}: press G":
        "Saran untuk {source}: tekan G",
    "Suggestions panel (G; when it has the focus)":
        "Panel saran (G; saat sedang aktif)",
    "Suggestions: no source open":
        "Saran: tidak ada sumber yang terbuka",
    "suppor":
        "dukung",
    "supported":
        "didukung satu sumber",
    "supports":
        "mendukung",
    "target":
        "sasaran",
    "Team":
        "Tim",
    "text":
        "teks",
    "the codings' memos hidden (c shows them)":
        "memo koding disembunyikan (c menampilkannya)",
    "The cursor is not in a speaker turn.":
        "Kursor tidak berada di giliran bicara.",
    "The cursor is not in a speaker turn: g picks a speaker.":
        "Kursor tidak berada di giliran bicara: g memilih penutur.",
    "The editor left the memo empty: not saved (d deletes a memo).":
        "Editor membiarkan memo kosong: tidak disimpan (d menghapus memo).",
    "the memo of coding {id} ({target})":
        "memo koding {id} ({target})",
    "the project":
        "proyek",
    "the selection (none yet)":
        "teks terpilih (belum ada)",
    "the selection in {source} ({start}–{end})":
        "teks terpilih di {source} ({start}–{end})",
    "the source open in the workbench":
        "sumber yang terbuka di meja kerja",
    "Their method (like --method, for every file imported now):":
        "Metodenya (seperti --method, untuk setiap berkas yang diimpor sekarang):",
    "thematic":
        "tematik",
    "Theme":
        "Tema warna",
    "these codings are {people}{extra}; only they can change them":
        "koding ini milik {people}{extra}; hanya mereka yang dapat mengubahnya",
    "this coding is the consensus; only adjudication (A) can change it":
        "koding ini adalah konsensus; hanya adjudikasi (A) yang dapat mengubahnya",
    "this coding is {coder}'s; only {coder} can change it":
        "koding ini milik {coder}; hanya {coder} yang dapat mengubahnya",
    "This source has no speaker turns.":
        "Sumber ini tidak memiliki giliran bicara.",
    "this terminal cannot hand over to an editor":
        "terminal ini tidak dapat beralih ke editor",
    "Tick all":
        "Centang semua",
    "tied":
        "seimbang",
    "title":
        "judul",
    "Toggle stance under cursor":
        "Balik arah bukti di kursor",
    "Triangulation matrix":
        "Matriks triangulasi",
    "Triangulation matrix for which framework?":
        "Matriks triangulasi untuk kerangka mana?",
    "Triangulation matrix — {site} · {framework} by {by}; cells +for / −against; Enter: the evidence; b: other columns":
        "Matriks triangulasi — {site} · {framework} menurut {by}; sel +mendukung / −membantah; Enter: buktinya; b: kolom lain",
    "turn":
        "giliran bicara",
    "turns":
        "giliran bicara",
    "Type a code's id, label or keyword; ↑↓ show what each code means.":
        "Ketik id, label, atau kata kunci kode; ↑↓ menampilkan arti setiap kode.",
    "under {parent}":
        "di bawah {parent}",
    "Undo":
        "Urungkan",
    "undone":
        "diurungkan",
    "unit":
        "unit",
    "Unsaved changes: ctrl+s saves, Escape again discards them":
        "Ada perubahan belum disimpan: ctrl+s menyimpan, Escape sekali lagi membuangnya",
    "Verdicts":
        "Simpulan",
    "Verdicts — Enter: the indicators behind a verdict":
        "Simpulan — Enter: indikator di balik sebuah simpulan",
    "Visual select mode":
        "Mode pilih visual",
    "walk their disagreements":
        "telusuri ketidaksepakatan mereka",
    "warning: {warning}":
        "peringatan: {warning}",
    "was":
        "semula",
    "Which detail of {label} (at {site}, in every source where {label} speaks)?":
        "Rincian {label} yang mana (di {site}, di setiap sumber tempat {label} berbicara)?",
    "Whole unit contradicts":
        "Seluruh unit membantah",
    "Whole unit supports":
        "Seluruh unit mendukung",
    "Word appendix (English)":
        "Lampiran Word (bahasa Inggris)",
    "Word appendix (Indonesian)":
        "Lampiran Word (bahasa Indonesia)",
    "Word appendix, anonymised (Indonesian)":
        "Lampiran Word, anonim (bahasa Indonesia)",
    "words":
        "kata",
    "words to find (any case)":
        "kata yang dicari (huruf besar/kecil sama)",
    "Workbook (.xlsx)":
        "Buku kerja (.xlsx)",
    "working… (Escape closes this window; the work goes on)":
        "sedang bekerja… (Escape menutup jendela ini; pekerjaan tetap berjalan)",
    "write NAME=VALUE, e.g. gender=perempuan":
        "tulis NAMA=NILAI, mis. gender=perempuan",
    "Writing {path}":
        "Menulis {path}",
    "Writing {path} (blind: your codings only)":
        "Menulis {path} (mode buta: hanya koding Anda)",
    "written":
        "ditulis",
    "wrote {n} excerpt(s) to {path}":
        "{n} kutipan ditulis ke {path}",
    "wrote {path}":
        "tersimpan: {path}",
    "y: yes · n or Escape: no":
        "y: ya · n atau Escape: tidak",
    "Yes":
        "Ya",
    "yes drops it — Enter, Escape cancels":
        "ya membuangnya — Enter; Escape membatalkan",
    "{coder} (read-only)":
        "{coder} (hanya-baca)",
    "{coder} vs {consensus}: {figures}":
        "{coder} vs {consensus}: {figures}",
    "{coder}'s":
        "{coder}",
    "{code} is already there.":
        "{code} sudah ada di sana.",
    "{code} is an indicator of the framework {framework}: framework indicators are a contract and cannot be {verb}":
        "{code} adalah indikator kerangka {framework}: indikator kerangka merupakan kontrak dan tidak dapat {verb}",
    "{code} is now without a colour; u undoes":
        "{code} kini tanpa warna; u mengurungkan",
    "{code} is now {colour}; u undoes":
        "{code} kini berwarna {colour}; u mengurungkan",
    "{code} on {source} {start}–{end}":
        "{code} di {source} {start}–{end}",
    "{codings} and {memos}":
        "{codings} dan {memos}",
    "{done} of {total} already decided; resuming at the first undecided.":
        "{done} dari {total} sudah diputuskan; dilanjutkan dari yang pertama belum diputuskan.",
    "{field} of {name}":
        "{field} {name}",
    "{file} holds the same text as {name}: nothing changed":
        "{file} berisi teks yang sama dengan {name}: tidak ada yang berubah",
    "{found} — Enter goes to the next, Escape cancels":
        "{found} — Enter ke berikutnya, Escape membatalkan",
    "{heading} — {n} excerpt(s)":
        "{heading} — {n} kutipan",
    "{heading} — {n} of {total} excerpt(s) · filter: {filter} (F shows all)":
        "{heading} — {n} dari {total} kutipan · saringan: {filter} (F menampilkan semua)",
    "{headline} (o opens a source)":
        "{headline} (o membuka sumber)",
    "{hint} — Enter saves, Escape cancels":
        "{hint} — Enter menyimpan, Escape membatalkan",
    "{id} ({key} in the codebook pane)":
        "{id} ({key} di panel buku kode)",
    "{id} · {code} ({stance}) · {coder} · {source}, was {start}–{end}":
        "{id} · {code} ({stance}) · {coder} · {source}, semula {start}–{end}",
    "{label} is no longer an informant at {site}.":
        "{label} bukan lagi informan di {site}.",
    "{name} names no site. The site of every file imported now:":
        "{name} tidak menyebut lokasi. Lokasi untuk setiap berkas yang diimpor sekarang:",
    "{name} was deleted":
        "{name} telah dihapus",
    "{n} coding (every coder's)":
        "{n} koding (milik semua pengode)",
    "{n} coding moved":
        "{n} koding dipindahkan",
    "{n} codings":
        "{n} koding",
    "{n} codings (by {coders})":
        "{n} koding (oleh {coders})",
    "{n} codings (every coder's)":
        "{n} koding (milik semua pengode)",
    "{n} codings moved":
        "{n} koding dipindahkan",
    "{n} detached codings":
        "{n} koding terlepas",
    "{n} duplicate(s) dropped":
        "{n} duplikat dibuang",
    "{n} files":
        "{n} berkas",
    "{n} files that are not transcripts":
        "{n} berkas yang bukan transkrip",
    "{n} hits for '{query}'":
        "{n} temuan untuk '{query}'",
    "{n} hits for '{query}' — > next · < previous · H code all hits · / new search":
        "{n} temuan untuk '{query}' — > berikutnya · < sebelumnya · H kode semua temuan · / cari baru",
    "{n} match “{query}”":
        "{n} cocok dengan “{query}”",
    "{n} memo":
        "{n} memo",
    "{n} memos":
        "{n} memo",
    "{n} overlapping joined":
        "{n} yang bertumpang tindih digabung",
    "{n} paths":
        "{n} jalur berkas",
    "{n} turn":
        "{n} giliran bicara",
    "{n} turns":
        "{n} giliran bicara",
    "{path}: cannot write ({reason})":
        "{path}: tidak dapat ditulis ({reason})",
    "{path}: no such file or folder (relative paths start at {cwd})":
        "{path}: berkas atau folder tidak ada (jalur relatif dimulai dari {cwd})",
    "{problems} — not decided":
        "{problems} — tidak diputuskan",
    "{project} — coder {coder}. Select text (s: sentence, t: turn, shift+arrows, v) and press c to code; ? for help.{read_only}":
        "{project} — pengode {coder}. Pilih teks (s: kalimat, t: giliran, shift+panah, v) lalu tekan c untuk memberi kode; ? untuk bantuan.{read_only}",
    "{roles} · BLOCKING":
        "{roles} · PENGHAMBAT",
    "{site} ({sources} sources, {codings} codings)":
        "{site} ({sources} sumber, {codings} koding)",
    "{site} · {method} · {codings} codings":
        "{site} · {method} · {codings} koding",
    "{speaker} has no turns here: g picks a speaker.":
        "{speaker} tidak punya giliran bicara di sini: g memilih penutur.",
    "{speaker}: turn {i} of {n} (only theirs shown; h shows all) — j next · k previous turn of theirs":
        "{speaker}: giliran {i} dari {n} (hanya miliknya yang tampil; h menampilkan semua) — j berikutnya · k giliran sebelumnya",
    "{speaker}: turn {i} of {n} — j next · k previous turn of theirs":
        "{speaker}: giliran {i} dari {n} — j berikutnya · k giliran sebelumnya",
    "{title} · by {author} · {written}":
        "{title} · oleh {author} · {written}",
    "{title} — by you":
        "{title} — oleh Anda",
    "{title} — {author}'s":
        "{title} — milik {author}",
    "{what}; yes deletes it all (u undoes it)":
        "{what}; ya menghapus semuanya (u mengurungkannya)",
    "{why}; showing {name}.":
        "{why}; menampilkan {name}.",
    "{why}; the project has no sources now.":
        "{why}; proyek kini tidak punya sumber.",
    "{written}, edited {edited}":
        "{written}, diubah {edited}",
    "κ {kappa} · α {alpha} · {units} units":
        "κ {kappa} · α {alpha} · {units} unit",
    "✓ saved {time:%H:%M:%S} — {what}{where}":
        "✓ tersimpan {time:%H:%M:%S} — {what}{where}",
    "✓ saved {time} — dropped {id} (u in the workbench undoes it)":
        "✓ tersimpan {time} — {id} dibuang (u di meja kerja mengurungkannya)",
    "✓ saved {time} — memo {memo} on {source}":
        "✓ tersimpan {time} — memo {memo} pada {source}",
    "✓ saved {time} — new code {code} '{name}'":
        "✓ tersimpan {time} — kode baru {code} '{name}'",
    "✓ saved {time} — new code {code} '{name}' in a new codebook {book}":
        "✓ tersimpan {time} — kode baru {code} '{name}' di buku kode baru {book}",
    "✓ saved {time} — placed {id} at {start}–{end} (u in the workbench undoes it)":
        "✓ tersimpan {time} — {id} ditempatkan di {start}–{end} (u di meja kerja mengurungkannya)",
    "✓ saved {time} — redone: {summary}":
        "✓ tersimpan {time} — diulangi: {summary}",
    "✓ saved {time} — undone: {summary}":
        "✓ tersimpan {time} — diurungkan: {summary}",
    "✓ saved {time} — {message}":
        "✓ tersimpan {time} — {message}",
    "✓ saved {time} — {what} (u undoes it)":
        "✓ tersimpan {time} — {what} (u mengurungkannya)",
    "✓ saved {time} — {what} (u undoes)":
        "✓ tersimpan {time} — {what} (u mengurungkan)",
    "✓ saved {time} — {what}: {summary}":
        "✓ tersimpan {time} — {what}: {summary}",
    "✓ saved — coded {n} {unit} with {code} ({skipped} already coded); u undoes them all":
        "✓ tersimpan — {n} {unit} dikode dengan {code} ({skipped} sudah berkode); u mengurungkan semuanya",
    "✓ saved — coded {n} {unit} with {code}; u undoes them all":
        "✓ tersimpan — {n} {unit} dikode dengan {code}; u mengurungkan semuanya",
    "✓ saved — rejected {code} at {start}–{end}; it will not be suggested again (u undoes)":
        "✓ tersimpan — {code} di {start}–{end} ditolak; tidak akan disarankan lagi (u mengurungkan)",
    "✓ saved — {code} on {source} {start}–{end}: {decision}":
        "✓ tersimpan — {code} pada {source} {start}–{end}: {decision}",
    "✓ saved, but only the researcher's words ({labels}): not evidence":
        "✓ tersimpan, tetapi hanya ucapan peneliti ({labels}): bukan bukti",
}
