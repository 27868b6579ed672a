"""Whose reported speech a sentence is: the person asked about speaks only as the subject of the
verb of saying, never as someone another speaker talks about. Every sentence is made up."""

from retrieval.search.spoken import _speaks

BUDI = {"budi", "santoso"}


def _budi_speaks(sentence: str, roles: frozenset[str] = frozenset()) -> bool:
    return _speaks(sentence, BUDI, set(roles), BUDI | {"bawaslu", "sleman"})


def test_the_person_named_before_the_verb_speaks() -> None:
    assert _budi_speaks("Budi Santoso pun mengatakan pasar dibuka pekan depan.")
    assert _budi_speaks("Ketua Bawaslu Sleman Budi Santoso, mengatakan rekapitulasi selesai.")
    assert _budi_speaks("Gubernur Kaltim juga mengajak warga menjaga kebersihan.", {"gubernur"})


def test_another_speaker_talking_about_the_person_is_not_them() -> None:
    assert not _budi_speaks(
        "Soal pencalonan Budi Santoso, Rina Contoh mengatakan partai belum memutuskan."
    )
    assert not _budi_speaks("Menurut Budi, Rina mengatakan rapat ditunda.")
