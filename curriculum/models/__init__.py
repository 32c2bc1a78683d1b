from .pages import CataloguePage, CurriculumPage, ModulePage, SessionPage
from .snippets import Video, VideoCaption

__all__ = [
    "CataloguePage",
    "CurriculumPage",
    "ModulePage",
    "SessionPage",
    "Video",
    "VideoCaption",
]
