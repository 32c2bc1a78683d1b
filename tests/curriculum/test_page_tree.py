from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from curriculum.models import CataloguePage, CurriculumPage, ModulePage, SessionPage


class PageTreeTests(WagtailPageTestCase):
    def test_catalogue_sits_at_the_root_and_holds_only_curricula(self):
        self.assertAllowedParentPageTypes(CataloguePage, {Page})
        self.assertAllowedSubpageTypes(CataloguePage, {CurriculumPage})

    def test_curriculum_holds_modules_only(self):
        self.assertAllowedParentPageTypes(CurriculumPage, {CataloguePage})
        self.assertAllowedSubpageTypes(CurriculumPage, {ModulePage})

    def test_module_holds_sessions_only(self):
        self.assertAllowedParentPageTypes(ModulePage, {CurriculumPage})
        self.assertAllowedSubpageTypes(ModulePage, {SessionPage})

    def test_session_is_a_leaf(self):
        self.assertAllowedParentPageTypes(SessionPage, {ModulePage})
        self.assertAllowedSubpageTypes(SessionPage, set())

    def test_a_session_cannot_be_created_directly_under_a_curriculum(self):
        self.assertCanNotCreateAt(CurriculumPage, SessionPage)
        self.assertCanNotCreateAt(CataloguePage, ModulePage)
        self.assertCanCreateAt(ModulePage, SessionPage)
