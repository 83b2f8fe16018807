from assistant.retrieval.words import tokenize, words


def test_a_domain_word_keeps_its_parts_searchable() -> None:
    tokens = tokenize("我们是县级融媒体中心")
    assert "县级融媒体中心" in tokens
    assert "融媒体中心" in tokens
    assert set(tokenize("融媒体中心")) <= set(tokens)


def test_stopwords_and_punctuation_are_dropped() -> None:
    tokens = tokenize("请问，什么是新服务？")
    assert "新服务" in tokens
    assert not {"请问", "什么", "，", "？", "是"} & set(tokens)


def test_traditional_and_simplified_give_the_same_tokens() -> None:
    assert tokenize("遠程會診、義診") == tokenize("远程会诊、义诊")


def test_latin_is_lower_cased_and_numbers_kept() -> None:
    tokens = tokenize("IPTV 每类不超过4个")
    assert "iptv" in tokens
    assert "4" in tokens


def test_words_are_plain_cuts_with_the_domain_dictionary() -> None:
    assert words("县融属于县级融媒体中心吗") == ["县融", "属于", "县级融媒体中心"]
