"""Constructions the shipped vocabularies read one way and not another:
checked on the real content, by the concepts a message yields."""

import pytest

URGENT = ("detained", "ice-at-door")


def topic(engine, text, locale):
    return engine.matcher.decide(text, locale).topic


def no_alarm(decision) -> bool:
    """Neither answered nor offered the detention, nor answered the door."""
    return decision.topic not in URGENT and "detained" not in decision.choices


# -- Emergencies happening now: the urgent answer ------------------------------


@pytest.mark.parametrize(
    "text, locale",
    [
        ("cops just pulled us over and they want everybody's papers, my brother has none. what do we say", "en"),
        ("nos orillaron ahorita y el oficial quiere que todos enseñen papeles, mi esposo no tiene", "es"),
        ("mandaram encostar o carro agora, tem uma viatura sem identificação atrás e meu irmão não tem documento", "pt"),
        ("men in vests at the warehouse are asking everybody for their ID right now, what do I do", "en"),
        # Presence said of the agents ("are outside", "está aqui", "tem ICE ... agora",
        # "nandito na sila"), or being hidden or kept inside by a boss, is a scene now.
        ("the immigration guys are standing outside the store where I work, my boss says hide in the stockroom", "en"),
        ("tem ICE na fábrica onde meu marido trabalha agora, o que ele fala?", "pt"),
        ("a migra está aqui na obra, o encarregado mandou todo mundo ficar no galpão, e agora?", "pt"),
        ("la migra está aquí en la lavandería, qué hacemos?", "es"),
        ("nandito na ang mga pulis sa labas ng building, ano gagawin namin?", "tl"),
        ("la police de l'immigration est devant l'entrepôt en ce moment, ils bloquent les portes", "fr"),
        ("il y a des agents de l'immigration au chantier maintenant, ils interrogent tout le monde", "fr"),
        ("仓库里来了几个移民局的人，正在查每个人的身份，我该怎么办？", "zh-Hans"),  # checking everyone's status now
        ("穿制服的人正在餐馆后厨抓人，经理叫我们别跑，怎么办", "zh-Hans"),  # arresting people now, told not to run
    ],
)
def test_a_stop_in_a_car_or_at_work_happening_now_is_urgent(engine, text, locale):
    decision = engine.matcher.decide(text, locale)
    assert decision.topic == "ice-at-door" or "ice-at-door" in decision.choices[:3], decision


@pytest.mark.parametrize(
    "text, locale",
    [
        ("my brother went to his ICE check-in two hours ago, they took his phone and he still hasn't come out", "en"),
        ("mi esposo está en su cita con migración, le quitaron el celular y no ha salido, qué hago", "es"),
    ],
)
def test_held_at_a_check_in_now_is_a_detention(engine, text, locale):
    assert topic(engine, text, locale) == "detained"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("trucks parked in front of the shop since this morning, the manager said nobody leave, what do I do?", "en"),
        ("في عربيات واقفة قدام المطعم والمدير قال محدش يطلع، أعمل إيه؟", "ar"),
        ("hay camionetas paradas enfrente del taller y el jefe dijo que nadie salga, qué hago?", "es"),
    ],
)
def test_told_to_stay_inside_with_someone_waiting_outside_is_urgent(engine, text, locale):
    # Kept inside on someone's order is the hiding scene; with people
    # waiting in front it is the door's answer, not the fallback.
    assert topic(engine, text, locale) == "ice-at-door"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("my husband is outside the country right now, can immigration get his address from the IRS?", "en"),
        ("o contador está aqui do lado, ele pode passar meus dados pra imigração?", "pt"),
        ("est-ce que l'immigration est au courant de mon adresse si je déclare mes impôts ?", "fr"),
        ("Mwen deja voye taks mwen. Èske enfòmasyon sa yo ka rive nan men ICE?", "ht"),  # information reaching ICE
        ("Tinanong ako ng preparer ko kung may papeles ako, okay lang ba yun?", "tl"),  # asked once, by a preparer
        ("移民局在查我的身份吗？我去年用ITIN报过税", "zh-Hans"),  # "are they checking?", not "checking now"
        # Presence said of children or parents, or years in the country, is none.
        ("my kids are outside playing, is it safe to file with my ITIN or can ICE get our address?", "en"),
        ("Nandito na sila sa Amerika ng sampung taon, ligtas ba mag-file kahit may ICE?", "tl"),
        ("Meus pais, eles estão aqui desde 2015. O IRS passa os dados deles pro ICE?", "pt"),
    ],
)
def test_being_somewhere_is_no_scene_unless_the_agents_are(engine, text, locale):
    # Neither answered nor even offered: the door is for agents, police or vans.
    decision = engine.matcher.decide(text, locale)
    assert no_alarm(decision) and "ice-at-door" not in decision.choices, decision


def test_the_agents_who_took_someone_still_count_as_the_agents(engine):
    # "o ICE prendeu" is a detention, and ICE stays evidence of its own for the
    # question that follows ("how do they find where we work?").
    text = "Semana passada o ICE prendeu dois colegas na obra. Como eles descobrem onde a gente trabalha?"
    assert {"ice", "detained"} <= engine.matcher.decide(text, "pt").evidence.concepts.keys()


def test_a_relative_not_answering_after_being_taken_is_a_detention(engine):
    text = "Anh tôi đi làm sáng nay, có xe tới chở mọi người đi. Giờ gọi anh không ai bắt máy"
    assert topic(engine, text, "vi") == "detained"


def test_people_loaded_onto_a_bus_and_a_relative_not_answering_is_a_detention(engine):
    text = ("Mon patron vient d'appeler : des agents sont sur le chantier et font monter des gars "
            "dans un bus. Mon beau-frère est là-bas et ne répond pas. Qu'est-ce qu'on fait ?")
    assert topic(engine, text, "fr") == "detained"


def test_stopped_taken_and_the_phone_off_is_a_detention(engine):
    text = ("meu irmão saiu pra rodar de Uber as 5h e a esposa dele acabou de ligar dizendo que "
            "pararam ele e levaram, o celular só dá desligado")
    assert topic(engine, text, "pt") == "detained"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("كاينين شي ناس واقفين قدام الدار من الصباح، عندهم طوموبيلات بلا نمرة وكيشوفو فالباب ديالنا. "
         "خايفة نخرج نجيب الولاد من المدرسة، شنو ندير؟", "ar"),  # Darija: cars with no plates
        ("Họ đang ở trong sân nhà hàng xóm, có xe không biển số đậu ngay đầu hẻm. Chồng tôi chưa có giấy, "
         "tôi phải dặn anh ấy làm gì ngay bây giờ?", "vi"),  # a yard, the mouth of the alley
    ],
)
def test_cars_with_no_plates_by_the_house_or_the_alley_offer_the_door(engine, text, locale):
    decision = engine.matcher.decide(text, locale)
    assert decision.topic == "ice-at-door" or decision.choices[:1] == ("ice-at-door",), decision


def test_a_paper_at_the_door_and_whether_a_judge_signed_it_is_the_door(engine):
    text = "ahorita me estan pasando un papel por debajo de la puerta y dicen que es una orden. como se si lo firmo un juez??"
    assert topic(engine, text, "es") == "ice-at-door"


def test_knocking_hard_and_shouting_to_open_up_is_the_door(engine):
    text = "estan tocando bien fuerte y gritan que abramos, mi esposo no tiene papeles, no abro verdad?? que hago"
    assert topic(engine, text, "es") == "ice-at-door"


def test_put_in_a_car_and_unreachable_is_a_detention(engine):
    text = "我叔叔刚被抓上车，最后发来一条语音说他们让他签一份文件就能'马上回家'，然后就联系不上了。我们现在能做什么？"
    assert topic(engine, text, "zh-Hans") == "detained"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Tôi đang ở văn phòng di trú đi trình diện, họ giữ tôi lại và đưa một tờ giấy bắt ký. Có nên ký không??", "vi"),
        ("I'm at my ICE check-in and they're not letting me leave, they want me to sign something", "en"),
    ],
)
def test_the_writer_held_at_a_check_in_is_a_detention(engine, text, locale):
    assert topic(engine, text, locale) == "detained"


def test_held_in_an_office_without_a_check_in_named_stays_a_detention(engine):
    # "붙잡혀 있" is the detention itself, not only a room at a check-in.
    text = "남편한테서 방금 전화 왔는데 지금 어떤 사무실에 붙잡혀 있고 영어로 된 서류에 사인하라고 한대요. 사인해도 되나요?"
    assert topic(engine, text, "ko") == "detained"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("ICE just deported my husband this morning, what do I do?", "en"),
        ("ICE deported him and we don't know where he is", "en"),
        ("ICE te depòte mari m, nou pa konn kote li ye", "ht"),
        ("我老公昨天被抓了，已经被遣返了吗？怎么查？", "zh-Hans"),
    ],
)
def test_a_deportation_happening_now_or_asked_about_is_not_over(engine, text, locale):
    # Found in review: a deportation is over only when dated in the past;
    # asked as a question ("已经被遣返了吗?"), undated ("ICE deported him")
    # or "just" done it is today's emergency.
    assert topic(engine, text, locale) == "detained"


def test_hiding_now_and_asking_whether_to_answer_is_the_door(engine):
    # White vans at the field, people running, the writer hiding in the shed.
    text = ("Ngoài ruộng dâu có mấy chiếc xe trắng mới tới, người ta đang chạy hết. Tôi đang núp "
            "trong nhà kho. Nếu họ vô hỏi thì tôi có phải trả lời không?")
    assert topic(engine, text, "vi") == "ice-at-door"


def test_strangers_going_around_the_building_asking_for_a_unit_is_urgent(engine):
    text = "아파트 주차장에 차 세 대가 와서 사람들이 우리 동 호수를 물어보고 다녀요. 남편은 서류가 없어요. 지금 뭘 해야 돼요"
    decision = engine.matcher.decide(text, "ko")
    assert decision.topic == "ice-at-door" or decision.choices[:1] == ("ice-at-door",), decision


@pytest.mark.parametrize(
    "text, locale",
    [
        ("hay dos camionetas negras afuera y unos señores preguntando por la vecina, ya vienen para aca, "
         "que hago con los niños", "es"),
        ("y a des gars en gilet avec des camionnettes banalisees devant le chantier, le chef nous dit de "
         "rester dedans. on doit leur parler ou pas ?", "fr"),
        ("فيه عربيات كتير برا المصنع دلوقتي وناس لابسين سترات مكتوب عليها حاجات، قفلوا البوابة ومحدش عارف يخرج. أعمل إيه؟",
         "ar"),
    ],
)
def test_agents_told_with_nothing_else_recognized_offer_the_door_first(engine, text, locale):
    decision = engine.matcher.decide(text, locale)
    assert decision.kind == "clarify" and decision.choices[0] == "ice-at-door", decision


# -- Not happening now, or no emergency at all: never answered as urgent ---------


def test_information_in_the_hands_of_immigration_is_not_a_person_held(engine):
    # Haitian "nan men imigrasyon" (in immigration's hands) is someone
    # detained, unless what is in their hands is an address or data.
    assert topic(engine, "adrès mwen nan men imigrasyon deja?", "ht") == "what-info-shared"
    assert topic(engine, "frè m nan men imigrasyon depi yè", "ht") == "detained"


def test_a_case_held_up_is_not_a_person_detained(engine):
    decision = engine.matcher.decide("me detuvieron el trámite del reembolso, es por migración?", "es")
    assert no_alarm(decision)


def test_not_coming_out_needs_a_check_in_to_be_a_detention(engine):
    # "still hasn't come out" is a person kept inside only at a check-in;
    # said of a court ruling, with ICE named, it is no emergency.
    decision = engine.matcher.decide("the court decision still hasn't come out, is ICE still getting our data?", "en")
    assert no_alarm(decision)


@pytest.mark.parametrize(
    "text, locale",
    [
        ("chị tôi gọi sở thuế cả tuần không bắt máy", "vi"),
        ("my husband called the IRS all week and nobody picks up", "en"),
    ],
)
def test_the_irs_not_answering_is_no_one_missing(engine, text, locale):
    assert topic(engine, text, locale) not in URGENT


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("Back in 2019 there was a raid at the plant where I worked, they didn't take me. If I file now, will it matter?",
         "en", "should-i-file"),
        ("Hace dos años hubo una redada en la fábrica donde trabajaba. ¿El IRS sabe algo de eso?", "es", "what-info-shared"),
        ("去年我们厂被突击检查过，我当时没事。那次的事会不会影响我报税？", "zh-Hans", "who-is-affected"),
    ],
)
def test_a_raid_told_as_past_names_immigration_for_the_question_asked(engine, text, locale, expected):
    # Calmed, the raid is no scene to answer; it stands for immigration
    # enforcement in the question about filing or the IRS.
    decision = engine.matcher.decide(text, locale)
    assert decision.topic == expected
    assert no_alarm(decision)


@pytest.mark.parametrize(
    "text, locale",
    [
        ("收到一封信写着NOTICE OF LEVY，朋友说是扣押，我还以为是要来抓人，这到底是什么？", "zh-Hans"),
        ("my tumawag skin IRS dw, aarestuhin dw aq pg d aq nagbyad ng gift card ngyn din, totoo b yun", "tl"),
    ],
)
def test_an_arrest_only_feared_or_threatened_by_a_caller_is_not_answered_as_urgent(engine, text, locale):
    # A mistaken fear ("我还以为", I had thought) and a caller claiming to be
    # the IRS are no one held now: offered at most, never answered.
    assert topic(engine, text, locale) not in URGENT


@pytest.mark.parametrize(
    "text, locale",
    [
        ("my dad got deported in 2019", "en"),
        ("sa gen senk an yo te depòte frè m", "ht"),
        ("我叔叔几年前被驱逐出境了", "zh-Hans"),
    ],
)
def test_deported_long_ago_is_over_and_still_names_immigration(engine, text, locale):
    found = engine.matcher.concepts(text, locale).concepts
    assert "released" in found and "ice" in found


def test_a_deportation_years_ago_leaves_the_filing_question(engine):
    text = "Sa gen senk an ICE te arete frè m, yo te depòte l. Kounye a m vle fè taks mwen pou premye fwa. Èske sa ka gen rapò?"
    assert topic(engine, text, "ht") == "should-i-file"


def test_a_detention_whose_case_has_ended_leaves_the_filing_question(engine):
    text = "عمي كان محتجز عند الهجرة سنة 2019، وطلع وقضيته انتهت وصار معه إقامة. هلق بده يعرف إذا لازم يقدم ضرائب عن السنين اللي فاتت."
    decision = engine.matcher.decide(text, "ar")
    assert decision.topic == "should-i-file"
    assert "past" in decision.evidence.concepts  # "سنة 2019" dates it, in Arabic script too


def test_a_judges_warrant_for_tax_data_is_not_the_door(engine):
    # Found in review: [court, warrant] must not answer the door for a
    # question about what a warrant lets them take.
    assert topic(engine, "can a judge's warrant make them hand over my taxes?", "en") not in URGENT


@pytest.mark.parametrize(
    "text, locale",
    [
        ("the doctor told me to stay inside my apartment because of the flu, can I file my taxes late?", "en"),
        ("il a dit de rester à l'intérieur de l'appartement à cause de la neige, je peux déclarer en retard ?", "fr"),
    ],
)
def test_told_to_stay_inside_with_only_a_building_named_is_no_scene(engine, text, locale):
    # Found in review: stay-in needs someone waiting or searching outside,
    # not an apartment (the door concept) alone.
    assert topic(engine, text, locale) not in URGENT


def test_a_detention_years_ago_told_beside_a_rumour_on_social_media_raises_no_alarm(engine):
    # 朋友圈 (WeChat Moments) holds 朋友, a friend, and is no person: with it the
    # old detention made [detained, someone] and the detention answer.
    text = "我十年前在边境被拘留过，后来拿到了庇护，现在是绿卡。朋友圈有人说以前被抓过的人现在报税都会被查，我需要担心吗？"
    decision = engine.matcher.decide(text, "zh-Hans")
    assert "someone" not in decision.evidence.concepts
    assert decision.topic not in URGENT, decision


def test_a_relative_not_answering_messages_is_no_detention_without_a_scene(engine):
    text = "mon frere est a la maison et ne repond pas a mes messages, il est fache, comment faire ma declaration d impots"
    assert no_alarm(engine.matcher.decide(text, "fr"))


@pytest.mark.parametrize(
    "text, locale",
    [
        ("جارنا خدوه الهجرة السنة اللي فاتت واترحّل خلاص. أنا دلوقتي خايف إن عنواني يتبعت لهم. ده ممكن يحصل؟", "ar"),
        ("Frè m te fè twa mwa nan detansyon an 2022, kounye a li lib e li gen yon randevou nan tribinal. "
         "Èske li ka fè taks li san pwoblèm?", "ht"),
    ],
)
def test_deported_long_since_or_free_now_is_no_detention_answer(engine, text, locale):
    assert topic(engine, text, locale) not in URGENT


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Meu primo ficou detido no aeroporto de Boston em 2017 e foi mandado de volta. Hoje ele mora aqui de novo. "
         "Aquilo pode atrapalhar na hora de ele declarar imposto?", "pt"),  # sent back, years ago
        ("영주권 서류에 '구금된 적 있습니까' 질문이 있던데, 10년 전에 공항에서 몇 시간 잡혀 있었던 것도 써야 하나요?", "ko"),
    ],
)
def test_a_detention_told_as_an_experience_long_over_is_no_detention_answer(engine, text, locale):
    # Korean 구금된 적 / 잡혀 있었던 ("has ever been held", "had been held") tell a
    # past experience, as Chinese 被拘留过 does.
    assert topic(engine, text, locale) not in URGENT


# -- Words, spellings and constructions of one language ------------------------


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Tôi có đang trốn thuế không? Tôi có quyền gì?", "vi"),  # tax evasion is no hiding
        ("세금보고 해도대나요 울 이모 체류신분 업는데", "ko"),  # a status is no papers check
        ("上个礼拜有个人来敲门，说是人口普查的，我没开门，后来也没再来。这个跟税务局有没有关系？", "zh-Hans"),
        ("Nhân viên IRS tới nhà hỏi về thuế còn nợ. Chú sợ IRS báo cho di trú. Chú có quyền gì?", "vi"),
    ],
)
def test_tax_words_next_to_scene_words_raise_no_alarm(engine, text, locale):
    decision = engine.matcher.decide(text, locale)
    assert decision.topic not in URGENT, decision


def test_korean_texting_dae_for_doe_still_asks_should(engine):
    assert topic(engine, "세금보고 해도대나요 울 이모 체류신분 업는데", "ko") == "should-i-file"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("debo como 3 mil y no se a quien acudir", "es"),
        ("devo uns 1500 pro IRS", "pt"),
        ("je dois encore 800 aux impots", "fr"),
    ],
)
def test_a_must_verb_before_an_amount_is_a_debt_not_a_should(engine, text, locale):
    # "debo" is "I must" and "I owe": before an amount it is the debt.
    found = engine.matcher.concepts(text, locale)
    assert "problem" in found
    assert "should" not in found


@pytest.mark.parametrize(
    "text, locale",
    [("debo declarar este año?", "es"), ("devo declarar esse ano?", "pt"), ("je dois déclarer cette année ?", "fr")],
)
def test_the_same_verb_before_a_verb_still_asks_should(engine, text, locale):
    found = engine.matcher.concepts(text, locale)
    assert "should" in found
    assert "problem" not in found


def test_tagalog_di_is_hindi_in_every_trigger(engine):
    # "di" is how "hindi" (not) is mostly typed: a shorthand, so "di ko
    # tinatanong kung..." sets the filing question aside as "hindi ko tinatanong" does.
    found = engine.matcher.concepts("di ko tinatanong kung dapat ako mag file, may libreng clinic ba dito", "tl")
    assert "should" not in found and "should" in found.negated


def test_a_coworker_is_not_a_joint_return(engine):
    # Vietnamese "bạn làm chung" is a coworker; "làm chung thuế" is filing jointly.
    assert "joint" not in engine.matcher.concepts("bạn làm chung nói hôm nay nghỉ", "vi")
    assert "joint" in engine.matcher.concepts("vợ chồng tôi làm chung thuế được không", "vi")
    assert "joint" in engine.matcher.concepts("khai chung với chồng được không", "vi")


def test_vietnamese_want_to_know_my_itin_is_not_borrowing_it(engine):
    # "muốn" (want) and "mượn" (borrow) are one word without their marks.
    assert "misuse" not in engine.matcher.concepts("tôi chỉ muốn biết ITIN của tôi còn hạn không", "vi")
    assert "misuse" in engine.matcher.concepts("có người mượn ITIN của tôi để khai thuế", "vi")


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Li vle mete m kòm depandan sou taks li", "ht"),
        ("Ela quer colocar a gente como dependentes", "pt"),
        ("저는 시민권자고 어머니를 부양가족으로 올려왔어요", "ko"),
    ],
)
def test_claiming_a_dependent_is_a_household_return_in_every_language(engine, text, locale):
    # As English "dependent" always was.
    assert "joint" in engine.matcher.concepts(text, locale)


def test_vietnamese_texting_f_for_ph(engine):
    # "miễn fí" typed for "miễn phí" (free), as texters write f for ph.
    assert "free" in engine.matcher.concepts("co cho nao giup lam thue mien fi ko a", "vi")


@pytest.mark.parametrize(
    "text, locale",
    [
        ("A carta do IRS fala em penhora da minha conta. Isso é coisa de imigração?", "pt"),
        ("J'ai reçu une lettre de l'IRS, est-ce que l'immigration va le savoir ?", "fr"),
        ("Thư của IRS nói tịch thu tài khoản, có liên quan di trú không?", "vi"),
    ],
)
def test_a_letter_from_the_irs_still_names_the_irs(engine, text, locale):
    # The problem phrase ("carta do IRS") ends before the IRS, so the IRS is
    # named too and the IRS-problem rules can answer.
    found = engine.matcher.concepts(text, locale).concepts
    assert "irs" in found and "problem" in found
    assert topic(engine, text, locale) == "taxpayer-advocate"


@pytest.mark.parametrize("locale", ["es", "pt", "ht", "vi", "ko", "zh-Hans", "ar"])
def test_the_taxpayer_advocate_by_its_english_name_as_people_spell_it(engine, locale):
    assert "tas" in engine.matcher.concepts("tax payer advocate", locale).concepts


# -- What a question asks -------------------------------------------------------


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("el acuerdo del IRS con ICE sigue vigente?", "es", "court-cases"),
        ("est-ce que l'accord IRS-ICE est toujours en vigueur ?", "fr", "court-cases"),
        ("o IRS ainda passa os endereços pro ICE ou parou?", "pt", "court-cases"),
        ("IRS còn chia sẻ địa chỉ cho ICE không?", "vi", "court-cases"),
        ("国税局和移民局的协议现在还有效吗？", "zh-Hans", "court-cases"),
        # The same words about an ITIN ask about its expiry.
        ("is my ITIN still valid?", "en", "itin"),
        ("mi ITIN sigue vigente?", "es", "itin"),
    ],
)
def test_whether_the_sharing_is_still_in_effect_is_a_question_for_the_courts(engine, text, locale, expected):
    assert topic(engine, text, locale) == expected


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("my refund has been held for months, is it because of ICE?", "en", "taxpayer-advocate"),
        ("minha restituição está retida, é coisa da imigração?", "pt", "taxpayer-advocate"),
        # Claiming a refund is filing a return: the filing question.
        ("if I claim my refund, will immigration find out?", "en", "should-i-file"),
    ],
)
def test_a_held_refund_with_immigration_named_is_an_irs_problem(engine, text, locale, expected):
    assert topic(engine, text, locale) == expected


def test_a_preparer_who_advises_a_joint_return_is_backstory(engine):
    # 339 of the 348 kept messages naming both a joint return and a preparer
    # accept the joint-return answer, 12 the preparer's.
    text = (
        "Our accountant says we should file jointly again like every year. "
        "With all this news about ICE, would my name next to hers expose her?"
    )
    assert topic(engine, text, "en") == "mixed-status-family"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("紧急！！我的银行账户突然被冻结了，银行说是IRS扣款（levy）。这个跟移民局有关系吗？我该找谁？", "zh-Hans"),
        ("Urgent : l'IRS a saisi mon compte bancaire pour une vieille dette. C'est lié à l'immigration ?", "fr"),
    ],
)
def test_a_levy_on_an_account_with_immigration_feared_is_an_irs_problem(engine, text, locale):
    # "My bank account" names information, but with a levy or a freeze it
    # is the IRS problem, not a question of what is shared.
    assert topic(engine, text, locale) == "taxpayer-advocate"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("I haven't filed taxes in 5 years, can they deport me for that?", "en"),
        ("mwen pa fe taks depi 5 lane, eske yo ka depotem pou sa?", "ht"),
        ("je n'ai pas fait mes impôts depuis 5 ans, ils peuvent m'expulser pour ça ?", "fr"),
        ("5 taon na akong hindi nagfa-file ng tax, pwede ba akong ma-deport dahil doon?", "tl"),
    ],
)
def test_not_having_filed_is_the_filing_question(engine, text, locale):
    # The negator is part of what is said ("haven't filed"), as Spanish
    # "no he declarado" already was: it denies nothing.
    assert topic(engine, text, locale) == "should-i-file"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("what does the IRS know about me?", "en"),
        ("¿qué sabe el IRS de mí?", "es"),
        ("Ano po ba talaga ang alam na ng IRS tungkol sa akin? Nagfa-file ako every year.", "tl"),
        ("IRS biết gì về tôi?", "vi"),
        ("qu'est-ce que l'IRS sait sur moi ?", "fr"),
    ],
)
def test_what_the_irs_knows_about_me_is_what_it_holds_and_shares(engine, text, locale):
    assert topic(engine, text, locale) == "what-info-shared"


def test_what_the_irs_needs_for_an_itin_is_still_the_itin(engine):
    assert topic(engine, "what information does the IRS need for my ITIN?", "en") == "itin"


def test_tagalog_can_i_file_with_po_between_the_words_asks_should(engine):
    text = "Pwede po bang mag-file ng tax return kahit pending pa ang asylum case ko?"
    assert topic(engine, text, "tl") == "should-i-file"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("is it a problem if I file with an ITIN while my asylum case is pending?", "en"),
        ("ma demande d'azile est en cour, es ce que sa pose problem si je fais mes impo avec un itin", "fr"),
    ],
)
def test_whether_it_causes_problems_asks_the_risk(engine, text, locale):
    assert topic(engine, text, locale) == "itin-risk"


def test_a_problem_that_is_not_asked_about_is_no_risk(engine):
    text = "Ce n'est pas mon ITIN qui pose problème, c'est celui de ma fille. Est-ce qu'il est encore valide ?"
    assert "risk" not in engine.matcher.concepts(text, "fr")


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("No quiero que me digan si declarar o no. Lo que quiero saber es qué dijeron los jueces del acuerdo",
         "es", "court-cases"),
        ("Tôi không hỏi có nên khai thuế hay không. Tôi hỏi người đóng thuế có những quyền gì", "vi", "taxpayer-rights"),
        ("不用给我推荐律师，我只想知道报税的代理会不会把我的资料卖给别人", "zh-Hans", "preparer-privacy"),
    ],
)
def test_what_is_not_asked_and_who_is_asked_about(engine, text, locale, expected):
    assert topic(engine, text, locale) == expected


@pytest.mark.parametrize(
    "text, locale",
    [
        ("hi do i haf to file taxs if i get payed cash onley? no ssn", "en"),
        ("oi presiso fazer imposto de renda aki nos eua? trabalho de uber e ganho tudo em dinhero", "pt"),
        ("bjr svp jsui payé en cash sur un chantier, faut ke je fasse les impo ou pa?", "fr"),
    ],
)
def test_a_greeting_before_a_misspelled_filing_question_leaves_the_question(engine, text, locale):
    assert topic(engine, text, locale) == "should-i-file"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("salam, 3andi rendez-vous m3a le comptable ghedwa pour les impôts, est-ce qu'il peut donner mes infos "
         "à l'IRS wla l'ICE? ana khayef chwiya", "preparer-privacy"),
        ("Salam, 3andi un problème m3a l'IRS, bghit n3ref wach kayna une clinique gratuite li kat3awen f les "
         "impôts, ana f un petit village f Vermont", "low-income-clinics"),
    ],
)
def test_french_words_inside_maghrebi_arabic_are_read(engine, text, expected):
    # Darija mixes French as other languages mix English: the French words count.
    assert topic(engine, text, "ar") == expected


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Quem tem pedido de asilo pendente entra nesse acordo do IRS com a imigração?", "pt"),
        ("Quem tem green card precisa se preocupar com esse acordo entre o IRS e o ICE?", "pt"),
        ("Does someone with a pending asylum case fall under the agreement between the IRS and ICE?", "en"),
    ],
)
def test_whether_a_status_falls_under_the_agreement_asks_who_is_affected(engine, text, locale):
    assert topic(engine, text, locale) == "who-is-affected"


def test_whoever_files_with_an_itin_is_no_preparer(engine):
    # "quem declara imposto" is anyone who files; "quem me declara" is the preparer.
    assert topic(engine, "Quem declara imposto com ITIN corre risco de ser deportado?", "pt") == "itin-risk"
    assert topic(engine, "a moça que me declara o imposto pode passar meus dados?", "pt") == "preparer-privacy"


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("m pa konn si pou m fe tas mwen ane sa a", "ht", "taxes"),  # Haitian "tas" is taks
        ("nag file ako nung abril tas ngsisi ako kasi baka makita ng ice", "tl", None),  # Tagalog "tas" is tapos
        ("Paano ako kokontak sa TAS?", "tl", "tas"),  # unless it names the service
        ("el TAS del IRS me puede ayudar?", "es", "tas"),
        ("I sent a TAS request last week, how long does it take?", "en", "tas"),
    ],
)
def test_tas_is_the_advocate_service_except_where_the_word_means_taxes_or_then(engine, text, locale, expected):
    concepts = engine.matcher.decide(text, locale).evidence.concepts
    assert ("tas" in concepts) == (expected == "tas")
    if expected == "taxes":
        assert "taxes" in concepts


def test_obliged_to_file_in_portuguese_is_no_thanks(engine):
    text = "não tô perguntando se é seguro declarar, é outra coisa: minha amiga é obrigada a declarar mesmo ganhando pouco?"
    assert topic(engine, text, "pt") == "should-i-file"
    assert topic(engine, "muito obrigado a você pela ajuda", "pt") == "thanks"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("Ella quiere saber si el IRS le da su direccion a inmigracion si hace los taxes.", "es"),  # if she files
        ("sở thuế IRS có được đưa địa chỉ người khai thuế cho ICE không ạ?", "vi"),  # the filers' addresses
    ],
)
def test_whoever_files_is_no_preparer(engine, text, locale):
    assert "preparer" not in engine.matcher.decide(text, locale).evidence.concepts
    assert "preparer" in engine.matcher.decide("el señor que hace los taxes me pidió mi pasaporte", "es").evidence.concepts


@pytest.mark.parametrize(
    "text",
    [
        "Tengo TPS y permiso de trabajo. ¿Necesito sacar un ITIN o ya uso mi número de seguro social para los taxes?",
        "oiga mi patron me pide el itin pa pagarme, es lo mismo q un seguro socal?",
    ],
)
def test_spanish_seguro_social_is_no_safety_question(engine, text):
    assert "risk" not in engine.matcher.decide(text, "es").evidence.concepts
    assert "risk" in engine.matcher.decide("¿es seguro declarar con ITIN?", "es").evidence.concepts


@pytest.mark.parametrize(
    "text, locale, expected",
    [
        ("不用帮我找律师，我只想知道国税局里面那个免费帮人解决问题的部门叫什么，怎么联系。", "zh-Hans", "taxpayer-advocate"),
        ("Hindi abogado ang kailangan ko. Problema ko lang sa IRS, walong buwan nang naka-hold ang amended return "
         "ko. May libreng tutulong ba na nasa loob mismo ng IRS?", "tl", "taxpayer-advocate"),  # inside the IRS itself
        ("ma femme a les papiers moi non, on a 3 enfants nes ici. on declare ensemble depuis 5 ans mais avec "
         "ce qui se passe entre l irs et l immigration jai peur que la declaration commune la mette en probleme",
         "fr", "mixed-status-family"),  # a joint return's trouble is no IRS problem
        # "looking for me" is a fear (risk), as in English, not who the agreement covers.
        ("مصلحة الضرائب حجزت الاسترداد تبعي وقالوا لازم أثبت هويتي. هل هذا يعني إن الهجرة عم تدور علي؟", "ar",
         "taxpayer-advocate"),
        ("세금 보고 해주는 사람이 제 정보를 남한테 말해도 돼나요?", "ko", "preparer-privacy"),
        ("Gente, deu no jornal ontem que a justiça liberou de novo o compartilhamento??? O grupo da igreja "
         "tá em pânico. O que muda pra quem já declarou?", "pt", "court-cases"),
        ("toi mun biet van phong bao ve nguoi dong thue la gi, ho giup mien phi that ko", "vi", "taxpayer-advocate"),
        ("Bòs mwen di IRS sezi yon pati nan chèk mwen. Èske se ICE k ap chèche m?", "ht", "taxpayer-advocate"),
        ("Không phải hỏi cách xin ITIN đâu, tôi muốn biết vụ kiện ở Massachusetts bây giờ ra sao rồi.", "vi",
         "court-cases"),  # "not asking how to get an ITIN" sets the ITIN aside
        ("did the judg stop the irs from givin ice ppls adress or no??", "en", "court-cases"),
        ("The IRS site says my refund is being held for review. Is that because of the ICE court stuff?", "en",
         "taxpayer-advocate"),
        ("IRS voye yon lèt di yo kenbe ranbousman m nan pou verifikasyon. Èske se poutèt ICE ak koze tribinal yo?",
         "ht", "taxpayer-advocate"),
        ("I don't want a lawyer. I need someone inside the IRS who can actually fix my case, it's been stuck forever",
         "en", "taxpayer-advocate"),
        # Filed already: whether it can reach ICE is what is shared ("end up with" shares).
        ("I'm not asking about filing, I filed in March. Could what I sent end up with immigration?", "en",
         "what-info-shared"),
        ("No le pregunto de papeles. Lo que declaro de impuestos, lo pueden ver otras personas?", "es",
         "tax-privacy-basics"),  # "lo pueden ver": who can see it
        ("Je ne demande pas comment remplir ma déclaration. Est-ce que quelqu'un d'autre que l'IRS peut la consulter ?",
         "fr", "tax-privacy-basics"),  # "peut la consulter": who can see it
        ("I need help with my tax return, the W-7 came back rejected. what now?", "en", "itin"),  # an ITIN's own trouble
        ("Tôi nghĩ người quen đã tiết lộ thông tin thuế của tôi cho người khác. Báo việc này với ai?", "vi",
         "report-misuse"),  # "báo việc này với ai": whom to report it to
        ("شلون اجدد الاي تي اي ان؟", "ar", "itin"),  # ITIN spelled out, with the article
        ("هل يجوز لمصلحة الضرائب أن تعطي بياناتي لسلطات الهجرة؟ وما هو الاتفاق الذي وقعوه العام الماضي؟", "ar",
         "irs-ice-agreement"),  # "وما هو": "and what is", the conjunction joined to the question word
        ("Èske kontab mwen an ka di imigrasyon kote m rete?", "ht", "preparer-privacy"),  # "ka di": can tell, no quote
    ],
)
def test_what_a_message_asks_in_its_own_words(engine, text, locale, expected):
    assert topic(engine, text, locale) == expected


def test_tagalog_not_yet_filed_is_not_filed(engine):
    # "hindi pa ako nakapag-file" (I have not filed yet) asks whether to file.
    concepts = engine.matcher.decide("hindi pa ako nakapag-file kahit kailan, delikado ba dahil sa ICE?", "tl")
    assert "filed" not in concepts.evidence.concepts
    assert "filed" in engine.matcher.decide("nakapag-file na ako, delikado ba dahil sa ICE?", "tl").evidence.concepts


@pytest.mark.parametrize(
    "text, locale, beside",
    [
        ("Noong isang taon may raid sa pabrika malapit sa amin, wala namang nahuli sa amin. Paano ba maghanda kung "
         "sakali?", "tl", "find-legal-help"),
        ("ICE raided the laundromat on our block last spring. Nothing is happening now, but what are my rights if "
         "they come back?", "en", "taxpayer-rights"),  # a repeat asked about ahead is a plan
    ],
)
def test_preparing_for_a_raid_after_one_nearby_offers_the_door_first(engine, text, locale, beside):
    # A plan asked ahead is no emergency, but the door's answer is how to prepare.
    decision = engine.matcher.decide(text, locale)
    assert (decision.kind, decision.choices[:2]) == ("clarify", ("ice-at-door", beside))


@pytest.mark.parametrize(
    "text, locale",
    [
        ("My ITIN expired last year, and with all this ICE stuff I don't know how to renew it. What do I send?", "en"),
        ("Meu cunhado ficou detido pelo ICE ano passado e já saiu com permissão de trabalho. Ele continua usando o "
         "ITIN ou agora tira o social?", "pt"),
    ],
)
def test_renewing_an_itin_beside_ice_asks_which_is_meant(engine, text, locale):
    # Getting or renewing an ITIN and its risk have the same priority: an even
    # message is asked about, with both offered.
    decision = engine.matcher.decide(text, locale)
    assert decision.kind == "clarify" and {"itin", "itin-risk"} <= set(decision.choices[:3])
